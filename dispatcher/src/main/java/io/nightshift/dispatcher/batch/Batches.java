package io.nightshift.dispatcher.batch;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.listing.ListedObject;
import io.nightshift.dispatcher.publishing.JobPublisher;
import io.nightshift.protocol.Job;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts batches and single jobs, runs their listings in the background, cancels them, and at start-up rebuilds
 * every batch from the batch-status topic and resumes those still LISTING from their recorded key.
 */
@ApplicationScoped
public class Batches {
    private static final Logger LOG = Logger.getLogger(Batches.class);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    BatchRegistry registry;

    @Inject
    JobPublisher publisher;

    @Inject
    MinioClient s3;

    @Inject
    DispatcherConfig config;

    private final Map<String, BatchRun> runs = new ConcurrentHashMap<>();
    private ExecutorService runners;
    private ExecutorService listers;
    private volatile long haltAfterJobs = -1;
    private volatile long pauseAfterJobs = -1;

    /** What {@code create} did: a new batch, or the one an earlier call with the same request id made. */
    public record Accepted(BatchRecord batch, boolean created) {
    }

    /** A single job and the batch of one that holds it. */
    public record SingleJob(BatchRecord batch, Job job, boolean created) {
    }

    void onStart(@Observes StartupEvent event) {
        runners = Executors.newFixedThreadPool(Math.max(1, config.listing().concurrentBatches()),
                daemonThreads("nightshift-batch"));
        listers = Executors.newCachedThreadPool(daemonThreads("nightshift-lister"));
        recover();
    }

    void onStop(@Observes ShutdownEvent event) {
        runs.values().forEach(BatchRun::halt);
        awaitRuns();
        runners.shutdownNow();
        listers.shutdownNow();
    }

    /** Accepts a batch: recorded durably as LISTING before this returns, listed in the background. */
    public synchronized Accepted create(BatchRequest request, String requestId) {
        Optional<BatchRecord> earlier = sameRequest(request, requestId);
        if (earlier.isPresent()) {
            return new Accepted(earlier.get(), false);
        }
        requireBucket("sourceBucket", request.sourceBucket());
        requireBucket("outputBucket", request.outputBucket());
        BatchRecord batch = BatchRecord.accepted(JobIds.batchId(requestId), BatchOrigin.PREFIX, BatchState.LISTING,
                requestId, request, Instant.now());
        registry.recordDurably(batch);
        LOG.infof("batch %s: accepted; listing s3://%s/%s into s3://%s/%s as %s", batch.batchId(),
                request.sourceBucket(), request.sourcePrefix(), request.outputBucket(), request.outputPrefix(),
                request.format());
        start(batch);
        return new Accepted(batch, true);
    }

    /**
     * Publishes one job in a batch of its own (its {@code sourcePrefix} is the object's key), sealed with a total
     * of one once the broker holds the job. The batch becomes known here (listed, found by its request id) only
     * once its job and its sealed record are acknowledged: the LISTING record written first lets a restart finish
     * the job after a crash, and is not an answer to anyone.
     *
     * @throws NotRecordedException when the broker acknowledged the batch record, the job or the seal not
     *                              (nothing is listed; a retry with the same request id is the same job)
     */
    public synchronized SingleJob createSingle(BatchRequest request, String requestId) {
        Optional<BatchRecord> earlier = sameRequest(request, requestId);
        if (earlier.isPresent()) {
            BatchRecord batch = earlier.get();
            return new SingleJob(batch, singleJob(batch, null), false);
        }
        requireBucket("outputBucket", request.outputBucket());
        ListedObject object = stat(request.sourceBucket(), request.sourcePrefix());
        BatchRecord batch = BatchRecord.accepted(JobIds.batchId(requestId), BatchOrigin.SINGLE, BatchState.LISTING,
                requestId, request, Instant.now());
        registry.write(batch);
        Job job = singleJob(batch, object.etag());
        BatchRecord sealed = publishSingle(batch, job);
        LOG.infof("batch %s: single job %s for s3://%s/%s", batch.batchId(), job.jobId(), request.sourceBucket(),
                request.sourcePrefix());
        return new SingleJob(sealed, job, true);
    }

    public java.util.Collection<BatchRecord> all() {
        return registry.all();
    }

    public Optional<BatchRecord> find(String batchId) {
        return registry.find(batchId);
    }

    /** Jobs of the batch acknowledged by the broker: live while it is being listed, else as recorded. */
    public long published(BatchRecord batch) {
        BatchRun run = runs.get(batch.batchId());
        return run != null && batch.state() == BatchState.LISTING ? Math.max(run.acknowledged(), batch.published())
                : batch.published();
    }

    /**
     * Cancels a batch that is still listing: no more jobs are published; the answer holds how many were.
     *
     * @throws BatchNotFoundException when there is no such batch
     * @throws BatchConflictException when the batch is sealed (all its jobs are queued) or never ends
     */
    public BatchRecord cancel(String batchId) {
        BatchRecord batch = registry.find(batchId).orElseThrow(() -> new BatchNotFoundException(batchId));
        switch (batch.state()) {
            case CANCELLED:
                return batch;
            case SEALED:
                throw new BatchConflictException("batch " + batchId + " is sealed: all its " + batch.total()
                        + " jobs are queued already");
            case OPEN:
                throw new BatchConflictException("batch " + batchId + " collects bucket notifications; it cannot be cancelled");
            default:
                break;
        }
        BatchRun run = runs.get(batchId);
        if (run == null) {
            BatchRecord cancelled = batch.cancelled(batch.published(), batch.lastAckedKey(), Instant.now());
            registry.recordDurably(cancelled);
            return cancelled;
        }
        try {
            return run.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling batch " + batchId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("batch " + batchId + " did not stop: " + e.getMessage(), e);
        }
    }

    /**
     * Forgets what this process knows, reads the batch-status topic to its end and resumes every batch still
     * LISTING after its last acknowledged key. Runs at start-up; tests call it to restart the listing component.
     */
    synchronized void recover() {
        runs.values().forEach(BatchRun::halt);
        awaitRuns();
        int resumed = 0;
        for (BatchRecord batch : registry.reload(RECOVERY_TIMEOUT)) {
            if (batch.state() != BatchState.LISTING) {
                continue;
            }
            if (batch.origin() == BatchOrigin.SINGLE) {
                publishSingle(batch, singleJob(batch, null));
                continue;
            }
            LOG.infof("batch %s: resuming after %s with %d jobs already published", batch.batchId(),
                    batch.lastAckedKey() == null ? "the start" : "'" + batch.lastAckedKey() + "'", batch.published());
            start(batch);
            resumed++;
        }
        LOG.infof("recovered %d batches from the batch-status topic; %d resumed", registry.all().size(), resumed);
    }

    /** Test seam: runs started from now on stop like a crash (no final record) after this many jobs; -1: never. */
    void haltNewRunsAfter(long jobs) {
        haltAfterJobs = jobs;
    }

    /** Test seam: runs started from now on stop sending after this many jobs until cancelled; -1: never. */
    void pauseNewRunsAfter(long jobs) {
        pauseAfterJobs = jobs;
    }

    /** Test seam: waits until the batch's current run has ended. */
    Optional<BatchRecord> awaitRun(String batchId, Duration timeout) throws Exception {
        BatchRun run = runs.get(batchId);
        return run == null ? Optional.empty()
                : Optional.of(run.finished().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void start(BatchRecord batch) {
        BatchRun run = new BatchRun(batch, s3, publisher, registry, config.listing(), listers, haltAfterJobs,
                pauseAfterJobs);
        runs.put(batch.batchId(), run);
        run.finished().whenComplete((record, error) -> runs.remove(batch.batchId(), run));
        runners.submit(run);
    }

    private Optional<BatchRecord> sameRequest(BatchRequest request, String requestId) {
        if (requestId == null) {
            return Optional.empty();
        }
        Optional<BatchRecord> earlier = registry.findByRequestId(requestId);
        if (earlier.isPresent() && !earlier.get().request().equals(request)) {
            throw new BatchConflictException("request id '" + requestId + "' was used for a different request (batch "
                    + earlier.get().batchId() + ")");
        }
        return earlier;
    }

    private Job singleJob(BatchRecord batch, String etag) {
        BatchRequest request = batch.request();
        String key = request.sourcePrefix();
        return new JobFactory(batch.batchId(), request).job(new ListedObject(key, 0, etag), key, Instant.now());
    }

    private BatchRecord publishSingle(BatchRecord batch, Job job) {
        try {
            publisher.publish(job).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRecordedException("interrupted while publishing job " + job.jobId(), e);
        } catch (ExecutionException e) {
            throw new NotRecordedException("the broker did not take job " + job.jobId() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new NotRecordedException("job " + job.jobId() + " was not acknowledged within "
                    + STOP_TIMEOUT.toSeconds() + " s", e);
        }
        BatchRecord sealed = batch.sealed(1, job.source().key(), Instant.now());
        registry.recordDurably(sealed);
        return sealed;
    }

    private void requireBucket(String field, String bucket) {
        try {
            if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                throw new InvalidRequestException(field, "no bucket '" + bucket + "' in the object store");
            }
        } catch (InvalidRequestException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("object store unavailable: " + e.getMessage(), e);
        }
    }

    private ListedObject stat(String bucket, String key) {
        requireBucket("bucket", bucket);
        try {
            StatObjectResponse stat = s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return new ListedObject(key, stat.size(), ListedObject.bareEtag(stat.etag()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                throw new InvalidRequestException("key", "no object '" + key + "' in bucket '" + bucket + "'");
            }
            throw new IllegalStateException("object store refused stat of " + key + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("object store unavailable: " + e.getMessage(), e);
        }
    }

    private void awaitRuns() {
        for (BatchRun run : runs.values()) {
            try {
                run.finished().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("batch %s: did not stop cleanly: %s", run.batchId(), e.getMessage());
            }
        }
        runs.clear();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
