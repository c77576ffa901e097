package io.nightshift.dispatcher.notifications;

import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.publishing.DeadLetterPublisher;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Consumes the S3 event records MinIO publishes on the bucket-events topic (key {@code bucket/object}); nothing it
 * is given is lost. A record returns (and its offset may be committed) only once each of its events has its job
 * acknowledged by the broker ({@link NotificationJobs#onEvent}) or, failing that, is durable as a dead letter with
 * the reason:
 *
 * <ul>
 *   <li>a record that cannot be read: a dead letter {@code INVALID_MESSAGE} with the record's bytes, at once;</li>
 *   <li>a job the broker does not take: tried {@code publish-attempts} times with doubling waits, then a dead
 *       letter {@code INTERNAL} with the record's bytes and the last error;</li>
 *   <li>a dead letter the broker does not take either (the broker is down): tried again every
 *       {@code max-backoff}, the record held, until the broker is back; one log line when it stalls and one when
 *       it resumes.</li>
 * </ul>
 *
 * Only shutdown interrupts the waiting; the record is then not acknowledged and comes again after the restart.
 */
@ApplicationScoped
public class BucketEventConsumer {
    /** The channel, mapped to the bucket-events topic in application.properties. */
    public static final String CHANNEL = "bucket-events";
    private static final Logger LOG = Logger.getLogger(BucketEventConsumer.class);

    @Inject
    NotificationJobs jobs;

    @Inject
    DeadLetterPublisher deadLetters;

    @Inject
    DispatcherConfig config;

    private final String dispatcherId = "dispatcher-" + hostName();

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        List<S3Event> events;
        try {
            events = S3EventParser.parse(record.value());
        } catch (MalformedEventException e) {
            LOG.warnf("bucket event %s dead-lettered: malformed: %s", where(record), e.getMessage());
            deadLetter(record, ErrorClass.INVALID_MESSAGE, "malformed bucket event: " + e.getMessage(), 1);
            return;
        }
        for (S3Event event : events) {
            deliver(record, event);
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record, S3Event event) throws InterruptedException {
        DispatcherConfig.Notifications settings = config.notifications();
        Duration backoff = settings.initialBackoff();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= settings.publishAttempts(); attempt++) {
            try {
                jobs.onEvent(event);
                if (last != null) {
                    LOG.infof("bucket event for s3://%s/%s: job published at attempt %d", event.bucket(), event.key(),
                            attempt);
                }
                return;
            } catch (RuntimeException e) {
                last = e;
                LOG.warnf("bucket event for s3://%s/%s: attempt %d of %d failed: %s", event.bucket(), event.key(),
                        attempt, settings.publishAttempts(), e.getMessage());
                if (attempt < settings.publishAttempts()) {
                    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                    backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
                }
            }
        }
        String reason = "no job for s3://" + event.bucket() + "/" + event.key() + " after " + settings.publishAttempts()
                + " tries: " + (last == null ? "unknown" : last.getMessage());
        LOG.errorf("bucket event %s dead-lettered: %s", where(record), reason);
        deadLetter(record, ErrorClass.INTERNAL, reason, settings.publishAttempts());
    }

    /** Writes the record's dead letter, waiting (and retrying) until the broker holds it. */
    private void deadLetter(ConsumerRecord<String, byte[]> record, ErrorClass errorClass, String reason, int attempts)
            throws InterruptedException {
        DeadLetter letter = new DeadLetter(null, record.value() == null ? new byte[0] : record.value(), errorClass,
                reason, attempts, dispatcherId, Instant.now());
        String key = record.key() == null ? where(record) : record.key();
        boolean stalled = false;
        while (true) {
            try {
                deadLetters.publish(key, letter).get(config.notifications().maxBackoff().toMillis() * 6,
                        TimeUnit.MILLISECONDS);
                if (stalled) {
                    LOG.infof("bucket events resume: the dead letter of %s is written", where(record));
                }
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!stalled) {
                    LOG.errorf("bucket events stalled: neither the job nor the dead letter of %s is taken by the "
                            + "broker (%s); the event is held and tried again every %d s", where(record),
                            e.getCause() != null ? e.getCause() : e, config.notifications().maxBackoff().toSeconds());
                    stalled = true;
                }
                TimeUnit.MILLISECONDS.sleep(config.notifications().maxBackoff().toMillis());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String where(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
