package io.nightshift.dispatcher.notifications;

import io.smallrye.common.annotation.Blocking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Consumes the S3 event records MinIO publishes on the bucket-events topic (key {@code bucket/object}). A record
 * that cannot be read is logged in one line and skipped: the consumer never stops on bad input.
 */
@ApplicationScoped
public class BucketEventConsumer {
    /** The channel, mapped to the bucket-events topic in application.properties. */
    public static final String CHANNEL = "bucket-events";
    private static final Logger LOG = Logger.getLogger(BucketEventConsumer.class);

    @Inject
    NotificationJobs jobs;

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            for (S3Event event : S3EventParser.parse(record.value())) {
                jobs.onEvent(event);
            }
        } catch (MalformedEventException e) {
            LOG.warnf("skipping malformed bucket event %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf("bucket event %s-%d@%d (key %s) not handled: %s", record.topic(), record.partition(),
                    record.offset(), record.key(), e.toString());
        }
    }
}
