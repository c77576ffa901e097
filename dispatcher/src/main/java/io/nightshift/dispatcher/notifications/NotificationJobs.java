package io.nightshift.dispatcher.notifications;

import io.nightshift.dispatcher.batch.BatchOrigin;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.batch.BatchRegistry;
import io.nightshift.dispatcher.batch.BatchRequest;
import io.nightshift.dispatcher.batch.BatchState;
import io.nightshift.dispatcher.batch.JobFactory;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.listing.ListedObject;
import io.nightshift.dispatcher.listing.RawFilter;
import io.nightshift.dispatcher.publishing.JobPublisher;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.StorageLocations;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Duration;

/**
 * Turns object-created events of RAW files in the configured source buckets into jobs of the day's rolling
 * notification batch ({@code notifications-yyyyMMdd}, state OPEN). The job id comes from the batch, the bucket and
 * the key, so an event delivered twice on one day yields the same job; its output key keeps the source bucket
 * ({@code OutputKeys.eventOutputKey}). {@link #onEvent} returns only once the broker holds the job. Removals, other buckets and non-RAW keys are
 * ignored. The batch record is written once, when the day's batch opens: its {@code published} is not counted
 * here (a redelivered event would count twice) but derived from the distinct job ids on the jobs topic
 * ({@code Progress}), which a republished job joins under the same id.
 */
@ApplicationScoped
public class NotificationJobs {
    private static final Logger LOG = Logger.getLogger(NotificationJobs.class);
    /** How long a job's acknowledgement is awaited (the producer's own delivery timeout usually ends it first). */
    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(3);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    @Inject
    DispatcherConfig config;

    @Inject
    BatchRegistry registry;

    @Inject
    JobPublisher publisher;

    @Inject
    StorageLocations outputLocations;

    Clock clock = Clock.systemUTC();

    /**
     * Refuses to start when notification jobs would write where the workers may not (every one of them would be
     * dead-lettered as KEY_NOT_ALLOWED): the same rule as the 400 of {@code POST /api/batches}.
     */
    void onStart(@Observes StartupEvent event) {
        DispatcherConfig.Notifications settings = config.notifications();
        if (!settings.enabled()) {
            return;
        }
        String prefix = ObjectKeys.folderPrefix("outputPrefix", settings.outputPrefix());
        outputLocations.refuseFolder(settings.outputBucket(), prefix).ifPresent(refusal -> {
            throw new IllegalStateException("nightshift.dispatcher.notifications.output-bucket/output-prefix: "
                    + refusal.message() + " (" + StorageLocations.OUTPUT_LOCATIONS_ENV + ")");
        });
    }

    /**
     * Publishes the event's job and waits until the broker holds it (and the day's batch record, when this event
     * opens the batch).
     *
     * @return the job published for the event, if it called for one
     * @throws IllegalStateException when the broker did not acknowledge the job or the batch record in time
     */
    public synchronized Optional<Job> onEvent(S3Event event) {
        DispatcherConfig.Notifications settings = config.notifications();
        if (!event.created() || !settings.sourceBuckets().contains(event.bucket())) {
            return Optional.empty();
        }
        RawFilter filter = RawFilter.of(config.listing().rawExtensions(), null, null);
        if (!filter.hasRawExtension(event.key())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        BatchRecord batch = currentBatch(now);
        BatchRequest request = new BatchRequest(event.bucket(), "", batch.request().outputBucket(),
                batch.request().outputPrefix(), batch.request().format(), batch.request().extensions(), null, null, null);
        Job job;
        try {
            job = new JobFactory(batch.batchId(), request).eventJob(new ListedObject(event.key(), event.size(), event.etag()),
                    now);
        } catch (KeyNotAllowedException e) {
            LOG.warnf("bucket event for s3://%s/%s ignored: %s", event.bucket(), event.key(), e.getMessage());
            return Optional.empty();
        }
        try {
            publisher.publish(job).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing job " + job.jobId(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the broker did not take job " + job.jobId() + ": " + cause, cause);
        }
        return Optional.of(job);
    }

    private BatchRecord currentBatch(Instant now) {
        DispatcherConfig.Notifications settings = config.notifications();
        String batchId = settings.batchPrefix() + DAY.format(now);
        if (registry.find(batchId).isEmpty()) {
            awaitBatches(); // a replica or an earlier run may have opened it: do not open it twice
        }
        return registry.find(batchId).orElseGet(() -> {
            BatchRequest request = new BatchRequest(settings.sourceBuckets().get(0), "", settings.outputBucket(),
                    ObjectKeys.folderPrefix("outputPrefix", settings.outputPrefix()), settings.format(),
                    config.listing().rawExtensions().stream().map(RawFilter::normalise).toList(), null, null, null);
            BatchRecord opened = BatchRecord.accepted(batchId, BatchOrigin.NOTIFICATIONS, BatchState.OPEN, null,
                    request, now);
            registry.recordDurably(opened);
            LOG.infof("batch %s: opened for bucket notifications of %s", batchId, settings.sourceBuckets());
            return opened;
        });
    }

    private void awaitBatches() {
        try {
            if (!registry.follower().awaitCaughtUp(ACK_TIMEOUT)) {
                throw new IllegalStateException("the batch-status topic was not read to its end in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the batch-status topic", e);
        }
    }
}
