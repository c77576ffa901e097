package io.nightshift.dispatcher.batch;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.listing.ListedObject;
import io.nightshift.dispatcher.publishing.JobPublisher;
import io.nightshift.dispatcher.publishing.KafkaClients;
import io.nightshift.dispatcher.publishing.ListingOwnership;
import io.nightshift.protocol.Job;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts batches and single jobs, lists the batches of the batch-status partitions this replica owns, and cancels
 * them. Any number of replicas may run: every replica follows every batch ({@link BatchRegistry}) and accepts
 * requests for any; Kafka's listing group gives each partition of the batch-status topic (so each batch, keyed by
 * its id) to one replica, which lists it ({@link ListingOwnership}). A batch starts listing when its owner reads
 * its LISTING record, and resumes after its last acknowledged key on whichever replica owns it next when its owner
 * stops or dies. A cancel asked of another replica is recorded as CANCELLING; the owner stops and records
 * CANCELLED. Callers answer requests only once this replica has read every record written before them
 * ({@code CurrentState}), so any replica answers like the one that was asked before.
 */
@ApplicationScoped
public class Batches {
    private static final Logger LOG = Logger.getLogger(Batches.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * A single job's batch left LISTING this long (its request died between recording it and sealing it) is
     * finished by its owner: well past the 30 s the request itself may take, so a live request is never doubled.
     */
    private static final Duration SINGLE_GRACE = Duration.ofSeconds(90);

    @Inject
    BatchRegistry registry;

    @Inject
    JobPublisher publisher;

    @Inject
    KafkaClients clients;

    @Inject
    MinioClient s3;

    @Inject
    DispatcherConfig config;

    private final Map<String, BatchRun> runs = new ConcurrentHashMap<>();
    /** Batches whose listing this replica started (or finished) since it took their partition: one run per term. */
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    /** CANCELLING batches without a run here whose CANCELLED record this replica is writing (or wrote). */
    private final Set<String> cancelsHandled = ConcurrentHashMap.newKeySet();
    /** Test seam: runs started under a seam, kept after they end so a test can wait for their end. */
    private final Map<String, BatchRun> seamRuns = new ConcurrentHashMap<>();
    private ExecutorService runners;
    private ExecutorService listers;
    private ScheduledExecutorService sweeper;
    private ListingOwnership ownership;
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
        registry.onChange(this::act);
        registry.onCaughtUp(() -> sweep(owned()));
        registry.start();
        ownership = clients.listingOwnership(config.listing().group(), config.listing().sessionTimeout(),
                config.topics().batchStatus(), new ListingOwnership.Owner() {
                    @Override
                    public void take(Set<Integer> partitions) {
                        taken(partitions);
                    }

                    @Override
                    public void release(Set<Integer> partitions) {
                        released(partitions);
                    }
                });
        ownership.start();
        sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("nightshift-batch-sweep"));
        sweeper.scheduleWithFixedDelay(() -> sweep(owned()), 10, 10, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
        ownership.stop(); // releases every partition: the listings stop with a durable resume point
        registry.stop();
        runners.shutdownNow();
        listers.shutdownNow();
    }

    /**
     * Accepts a batch: recorded durably as LISTING before this returns; the replica owning its partition (this one
     * or another) lists it in the background once it reads that record.
     */
    public synchronized Accepted create(BatchRequest request, String requestId) {
        Optional<BatchRecord> earlier = sameRequest(request, requestId);
        if (earlier.isPresent()) {
            return new Accepted(completeSingle(earlier.get()), false);
        }
        requireBucket("sourceBucket", request.sourceBucket());
        requireBucket("outputBucket", request.outputBucket());
        BatchRecord batch = registry.recordDurably(BatchRecord.accepted(JobIds.batchId(requestId), BatchOrigin.PREFIX,
                BatchState.LISTING, requestId, request, Instant.now()));
        LOG.infof("batch %s: accepted; listing s3://%s/%s into s3://%s/%s as %s", batch.batchId(),
                request.sourceBucket(), request.sourcePrefix(), request.outputBucket(), request.outputPrefix(),
                request.format());
        return new Accepted(batch, true);
    }

    /**
     * Publishes one job in a batch of its own (its {@code sourcePrefix} is the object's key), sealed with a total
     * of one once the broker holds the job. The batch is shown (listed, found by id) only once sealed: the LISTING
     * record written first lets the owner of its partition finish the job when this request dies before sealing
     * ({@link #SINGLE_GRACE} later), and is not an answer to anyone. A retry with the same request id finishes it
     * at once.
     *
     * @throws NotRecordedException when the broker acknowledged the batch record, the job or the seal not
     *                              (nothing is listed; a retry with the same request id is the same job)
     */
    public synchronized SingleJob createSingle(BatchRequest request, String requestId) {
        Optional<BatchRecord> earlier = sameRequest(request, requestId);
        if (earlier.isPresent()) { // created now when an earlier try of this request did not finish it
            boolean unfinished = !shown(earlier.get());
            BatchRecord batch = completeSingle(earlier.get());
            return new SingleJob(batch, singleJob(batch, null), unfinished);
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

    /** Every batch to show: all but single jobs not yet sealed. */
    public java.util.Collection<BatchRecord> all() {
        return registry.all().stream().filter(Batches::shown).toList();
    }

    public Optional<BatchRecord> find(String batchId) {
        return registry.find(batchId).filter(Batches::shown);
    }

    /** Jobs of the batch acknowledged by the broker: live while this replica lists it, else as last recorded. */
    public long published(BatchRecord batch) {
        BatchRun run = runs.get(batch.batchId());
        return run != null && !batch.ended() ? Math.max(run.acknowledged(), batch.published()) : batch.published();
    }

    /**
     * Cancels a batch that is still listing: no more jobs are published; the answer holds how many were. Listed
     * here, the run stops at once; listed by another replica, CANCELLING is recorded and the answer waits (up to
     * 30 s) for that replica to record CANCELLED; a batch still CANCELLING then (its owner is gone and no replica
     * has taken its partition yet) is answered as it stands, and cancelled by its next owner.
     *
     * @throws BatchNotFoundException when there is no such batch
     * @throws BatchConflictException when the batch is sealed (all its jobs are queued) or never ends
     */
    public BatchRecord cancel(String batchId) {
        BatchRecord batch = find(batchId).orElseThrow(() -> new BatchNotFoundException(batchId));
        requireCancellable(batch);
        if (batch.state() == BatchState.CANCELLED) {
            return batch;
        }
        BatchRun run = runs.get(batchId);
        if (run != null) {
            return stop(run.cancel(), batchId);
        }
        if (batch.state() == BatchState.LISTING) {
            registry.recordDurably(batch.cancelling(Instant.now()));
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (true) {
            BatchRecord now = registry.find(batchId).orElseThrow();
            if (now.ended() || System.nanoTime() > deadline) {
                requireCancellable(now);
                return now;
            }
            sleep(50);
        }
    }

    /** The partitions of the batch-status topic this replica lists. */
    public Set<Integer> owned() {
        ListingOwnership current = ownership;
        return current == null ? Set.of() : current.owned();
    }

    /**
     * Test seam, a restarted listing component: stops every listing here (each records its resume point, or
     * not when a seam made it stop like a crash), reads the batch-status topic again from its start and resumes
     * the batches of this replica's partitions that are still LISTING, after their last acknowledged key.
     */
    void recover() throws InterruptedException {
        Set<Integer> partitions = owned();
        released(partitions);
        registry.restart();
        taken(partitions);
    }

    /** Test seam: runs started from now on stop like a crash (no final record) after this many jobs; -1: never. */
    void haltNewRunsAfter(long jobs) {
        haltAfterJobs = jobs;
        seamRuns.clear();
    }

    /** Test seam: runs started from now on stop sending after this many jobs until cancelled; -1: never. */
    void pauseNewRunsAfter(long jobs) {
        pauseAfterJobs = jobs;
        seamRuns.clear();
    }

    /**
     * Test seam: waits until the batch's listing here, started under a seam, ends; empty when it does not start in
     * time.
     */
    Optional<BatchRecord> awaitRun(String batchId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        BatchRun run;
        while ((run = seamRuns.get(batchId)) == null) {
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(20);
        }
        return Optional.of(run.finished().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    }

    /** These partitions are now this replica's: once it has read the batch-status topic, their listings resume. */
    private void taken(Set<Integer> partitions) {
        try {
            if (!registry.follower().awaitCaughtUp(CATCH_UP_TIMEOUT)) {
                LOG.warnf("batch-status not read to its end within %d s; partitions %s resume once it is",
                        CATCH_UP_TIMEOUT.toSeconds(), partitions);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warnf("batch-status end not known (%s); partitions %s resume once it is read", e.getMessage(),
                    partitions);
        }
        sweep(partitions);
    }

    /**
     * These partitions are another replica's from now on: their listings stop and record their resume points
     * before this returns (so the next owner resumes where they stopped).
     */
    private void released(Set<Integer> partitions) {
        List<BatchRun> stopping = new ArrayList<>();
        for (BatchRun run : runs.values()) {
            if (registry.partition(run.batchId()).map(partitions::contains).orElse(false)) {
                run.halt();
                stopping.add(run);
            }
        }
        for (BatchRun run : stopping) {
            awaitEnd(run);
        }
        handled.removeIf(id -> registry.partition(id).map(partitions::contains).orElse(true));
        cancelsHandled.removeIf(id -> registry.partition(id).map(partitions::contains).orElse(true));
    }

    /** Acts on every batch of these partitions (when the topic has been read: before, batches would be missing). */
    private void sweep(Set<Integer> partitions) {
        if (!registry.caughtUp() || partitions.isEmpty()) {
            return;
        }
        for (BatchRecord batch : registry.inPartitions(partitions)) {
            act(batch);
        }
    }

    /**
     * What this replica does about a batch's state, when it owns the batch's partition: starts listing a LISTING
     * batch (once per ownership), finishes a single job's batch its request left behind, cancels a CANCELLING one.
     */
    private synchronized void act(BatchRecord batch) {
        if (batch.ended()) { // nothing more to do about it here: forget it
            handled.remove(batch.batchId());
            cancelsHandled.remove(batch.batchId());
            return;
        }
        if (!registry.caughtUp() || !registry.partition(batch.batchId()).map(owned()::contains).orElse(false)) {
            return;
        }
        switch (batch.state()) {
            case LISTING -> {
                if (batch.origin() == BatchOrigin.PREFIX && handled.add(batch.batchId())) {
                    start(batch);
                } else if (batch.origin() == BatchOrigin.SINGLE && left(batch) && handled.add(batch.batchId())) {
                    listers.submit(() -> finishSingle(batch));
                }
            }
            case CANCELLING -> {
                BatchRun run = runs.get(batch.batchId());
                if (run != null) {
                    run.cancel();
                } else if (cancelsHandled.add(batch.batchId())) {
                    listers.submit(() -> finishCancel(batch));
                }
            }
            default -> {
            }
        }
    }

    private static boolean left(BatchRecord single) {
        return single.updatedAt().isBefore(Instant.now().minus(SINGLE_GRACE));
    }

    private void finishSingle(BatchRecord batch) {
        try {
            publishSingle(batch, singleJob(batch, null));
            LOG.infof("batch %s: single job finished after its request stopped before sealing it", batch.batchId());
        } catch (RuntimeException e) {
            handled.remove(batch.batchId());
            LOG.warnf("batch %s: single job not finished yet (%s); trying again", batch.batchId(), e.getMessage());
        }
    }

    private void finishCancel(BatchRecord batch) {
        try {
            BatchRecord cancelled = registry.recordDurably(batch.cancelled(batch.published(), batch.lastAckedKey(),
                    Instant.now()).listedBy(config.instance()));
            LOG.infof("batch %s: cancelled; %d jobs were already queued", batch.batchId(), cancelled.published());
        } catch (RuntimeException e) {
            cancelsHandled.remove(batch.batchId());
            LOG.warnf("batch %s: cancel not recorded yet (%s); trying again", batch.batchId(), e.getMessage());
        }
    }

    private void start(BatchRecord batch) {
        if (batch.lastAckedKey() != null) {
            LOG.infof("batch %s: resuming after '%s' with %d jobs already published (last listed by %s)",
                    batch.batchId(), batch.lastAckedKey(), batch.published(), batch.listedBy());
        }
        BatchRun run = new BatchRun(batch.listedBy(config.instance()), s3, publisher, registry, config.listing(),
                listers, haltAfterJobs, pauseAfterJobs);
        runs.put(batch.batchId(), run);
        if (haltAfterJobs >= 0 || pauseAfterJobs >= 0) {
            seamRuns.put(batch.batchId(), run);
        }
        run.finished().whenComplete((record, error) -> runs.remove(batch.batchId(), run));
        runners.submit(run);
    }

    /** A single job's batch found LISTING by a retry of its request: the job is published (again) and sealed. */
    private BatchRecord completeSingle(BatchRecord batch) {
        return batch.origin() == BatchOrigin.SINGLE && batch.state() == BatchState.LISTING
                ? publishSingle(batch, singleJob(batch, null)) : batch;
    }

    private static boolean shown(BatchRecord batch) {
        return !(batch.origin() == BatchOrigin.SINGLE && batch.state() == BatchState.LISTING);
    }

    private static void requireCancellable(BatchRecord batch) {
        switch (batch.state()) {
            case SEALED -> throw new BatchConflictException("batch " + batch.batchId() + " is sealed: all its "
                    + batch.total() + " jobs are queued already");
            case OPEN -> throw new BatchConflictException("batch " + batch.batchId()
                    + " collects bucket notifications; it cannot be cancelled");
            default -> {
            }
        }
    }

    private BatchRecord stop(java.util.concurrent.CompletableFuture<BatchRecord> finished, String batchId) {
        try {
            return finished.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling batch " + batchId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("batch " + batchId + " did not stop: " + e.getMessage(), e);
        }
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
        return registry.recordDurably(batch.sealed(1, job.source().key(), Instant.now()));
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

    private void awaitEnd(BatchRun run) {
        try {
            run.finished().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("batch %s: did not stop cleanly: %s", run.batchId(), e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
