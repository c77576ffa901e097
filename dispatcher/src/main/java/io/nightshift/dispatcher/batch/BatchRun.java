package io.nightshift.dispatcher.batch;

import io.minio.MinioClient;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.listing.ListedObject;
import io.nightshift.dispatcher.listing.ListingFailedException;
import io.nightshift.dispatcher.listing.PrefixListing;
import io.nightshift.dispatcher.listing.RawFilter;
import io.nightshift.dispatcher.publishing.AckWatermark;
import io.nightshift.dispatcher.publishing.JobPublisher;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.KeyNotAllowedException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One listing of a batch's prefix, from its recorded resume point to the end: a lister thread fetches pages into
 * a small bounded queue while this thread turns objects into jobs and sends them, so publishing overlaps the
 * S3 server's listing. Progress (the acknowledged watermark) is recorded every few thousand jobs or seconds; at
 * the end, once every job is acknowledged, the batch is sealed with its total. A failed page or send is retried
 * from the watermark with back-off. {@link #cancel} stops publishing and records CANCELLED.
 */
final class BatchRun implements Runnable {
    private static final Logger LOG = Logger.getLogger(BatchRun.class);
    private static final ListedObject END = new ListedObject("", 0, null);
    private static final long POLL_MS = 100;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private enum Outcome { LISTED, CANCELLED, HALTED }

    private final MinioClient s3;
    private final JobPublisher publisher;
    private final BatchRegistry registry;
    private final DispatcherConfig.Listing config;
    private final ExecutorService listers;
    private final long haltAfterJobs;
    private final long pauseAfterJobs;
    private final CompletableFuture<BatchRecord> finished = new CompletableFuture<>();

    private volatile BatchRecord current;
    private volatile AckWatermark watermark;
    private volatile boolean cancelled;
    private volatile boolean halted;
    private volatile boolean crashed;
    private volatile long runStarted;
    private volatile long listedNanos;

    /**
     * @param haltAfterJobs  test seam: stop like a crash (no final record) after this many jobs of this run, or -1
     * @param pauseAfterJobs test seam: stop sending after this many jobs until cancelled or halted, or -1
     */
    BatchRun(BatchRecord start, MinioClient s3, JobPublisher publisher, BatchRegistry registry,
             DispatcherConfig.Listing config, ExecutorService listers, long haltAfterJobs, long pauseAfterJobs) {
        this.current = start;
        this.s3 = s3;
        this.publisher = publisher;
        this.registry = registry;
        this.config = config;
        this.listers = listers;
        this.haltAfterJobs = haltAfterJobs;
        this.pauseAfterJobs = pauseAfterJobs;
        this.watermark = new AckWatermark(start.published(), start.lastAckedKey());
    }

    String batchId() {
        return current.batchId();
    }

    /** Completes with the last record when the run ends (SEALED, CANCELLED, or LISTING when halted). */
    CompletableFuture<BatchRecord> finished() {
        return finished;
    }

    /** Jobs acknowledged by the broker so far, across restarts. */
    long acknowledged() {
        return watermark.acknowledged();
    }

    /** Stops publishing; the run records CANCELLED once what was sent is acknowledged. */
    CompletableFuture<BatchRecord> cancel() {
        cancelled = true;
        return finished;
    }

    /**
     * Stops publishing without sealing (shutdown, or its partition moved to another replica); the batch stays
     * LISTING with a durable resume point, and its next owner resumes it.
     */
    CompletableFuture<BatchRecord> halt() {
        halted = true;
        return finished;
    }

    @Override
    public void run() {
        runStarted = System.nanoTime();
        long backoffMs = 1000;
        try {
            while (true) {
                AckWatermark marks = new AckWatermark(current.published(), current.lastAckedKey());
                watermark = marks;
                Outcome outcome;
                try {
                    outcome = cancelled ? Outcome.CANCELLED : halted ? Outcome.HALTED : listAndPublish(marks);
                } catch (ListingFailedException | PublishFailedException e) {
                    settle(marks);
                    AckWatermark.Mark mark = marks.mark();
                    current = current.progress(mark.count(), mark.key(), Instant.now());
                    registry.record(current);
                    LOG.warnf("batch %s: %s; resuming after %s in %d s", current.batchId(), e.getMessage(),
                            describe(mark.key()), backoffMs / 1000);
                    if (!sleepUnlessStopped(backoffMs)) {
                        continue;
                    }
                    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
                    continue;
                }
                settle(marks);
                if (marks.failure() != null) {
                    // a late send failed after the listing ended: resume from the watermark like any failure
                    AckWatermark.Mark mark = marks.mark();
                    current = current.progress(mark.count(), mark.key(), Instant.now());
                    LOG.warnf("batch %s: a job was not acknowledged (%s); resuming after %s", current.batchId(),
                            marks.failure().getMessage(), describe(mark.key()));
                    continue;
                }
                AckWatermark.Mark mark = marks.mark();
                Instant now = Instant.now();
                switch (outcome) {
                    case LISTED -> {
                        current = current.sealed(mark.count(), mark.key(), now);
                        registry.recordDurably(current);
                        LOG.infof("batch %s: sealed with %d jobs (this run: listed in %.1f s, all acknowledged after %.1f s)",
                                current.batchId(), mark.count(), listedNanos / 1e9, (System.nanoTime() - runStarted) / 1e9);
                    }
                    case CANCELLED -> {
                        current = current.cancelled(marks.acknowledged(), mark.key(), now);
                        registry.recordDurably(current);
                        LOG.infof("batch %s: cancelled; %d jobs were already queued", current.batchId(),
                                current.published());
                    }
                    case HALTED -> {
                        current = current.progress(mark.count(), mark.key(), now);
                        if (crashed) { // a simulated crash leaves only the last checkpoint behind
                            LOG.infof("batch %s: halted as if crashed after %d jobs", current.batchId(), mark.count());
                        } else { // durable before the next owner reads it
                            registry.recordDurably(current);
                            LOG.infof("batch %s: stopped at %d jobs; its next owner resumes after %s",
                                    current.batchId(), mark.count(), describe(mark.key()));
                        }
                    }
                }
                finished.complete(current);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished.complete(current);
        } catch (RuntimeException e) {
            LOG.errorf(e, "batch %s: listing stopped unexpectedly; it resumes on the next start", current.batchId());
            finished.completeExceptionally(e);
        }
    }

    private Outcome listAndPublish(AckWatermark marks) throws InterruptedException {
        BatchRequest request = current.request();
        RawFilter filter = request.filter();
        JobFactory jobs = new JobFactory(current.batchId(), request);
        BlockingQueue<ListedObject> queue = new ArrayBlockingQueue<>(Math.max(1, config.prefetch()));
        AtomicReference<RuntimeException> listingError = new AtomicReference<>();
        AtomicReference<Boolean> stop = new AtomicReference<>(false);
        String startAfter = current.lastAckedKey();
        listers.submit(() -> list(request, startAfter, filter, queue, stop, listingError));

        Semaphore slots = new Semaphore(Math.max(1, config.maxInFlight()));
        long pacingNanos = config.jobsPerSecond() > 0 ? 1_000_000_000L / config.jobsPerSecond() : 0;
        long nextSend = System.nanoTime();
        long sent = 0;
        long sinceCheckpoint = 0;
        long lastCheckpoint = System.nanoTime();
        long checkpointNanos = config.checkpointInterval().toNanos();
        try {
            while (true) {
                if (cancelled) {
                    return Outcome.CANCELLED;
                }
                if (haltAfterJobs >= 0 && sent >= haltAfterJobs) {
                    crashed = true;
                    halted = true;
                }
                if (halted) {
                    return Outcome.HALTED;
                }
                if (marks.failure() != null) {
                    throw new PublishFailedException(marks.failure());
                }
                if (pauseAfterJobs >= 0 && sent >= pauseAfterJobs) {
                    Thread.sleep(POLL_MS);
                    continue;
                }
                if (pacingNanos > 0 && System.nanoTime() < nextSend) {
                    Thread.sleep(Math.min(POLL_MS, Math.max(1, (nextSend - System.nanoTime()) / 1_000_000)));
                    continue;
                }
                ListedObject object = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (object != null && object != END) {
                    nextSend = Math.max(nextSend, System.nanoTime()) + pacingNanos;
                    if (publish(object, jobs, request, marks, slots)) {
                        sent++;
                        sinceCheckpoint++;
                    }
                }
                boolean due = sinceCheckpoint >= config.checkpointJobs()
                        || (sinceCheckpoint > 0 && System.nanoTime() - lastCheckpoint > checkpointNanos);
                if (due) {
                    AckWatermark.Mark mark = marks.mark();
                    current = current.progress(mark.count(), mark.key(), Instant.now());
                    registry.record(current);
                    sinceCheckpoint = 0;
                    lastCheckpoint = System.nanoTime();
                }
                if (object == END) {
                    if (listingError.get() != null) {
                        throw listingError.get();
                    }
                    return Outcome.LISTED;
                }
            }
        } finally {
            stop.set(true);
        }
    }

    private boolean publish(ListedObject object, JobFactory jobs, BatchRequest request, AckWatermark marks,
                            Semaphore slots) throws InterruptedException {
        Job job;
        try {
            job = jobs.job(object, request.sourcePrefix(), Instant.now());
        } catch (KeyNotAllowedException e) {
            LOG.warnf("batch %s: skipping s3://%s/%s: %s", current.batchId(), request.sourceBucket(),
                    object.key(), e.getMessage());
            return false;
        }
        while (!slots.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
            if (cancelled || halted || marks.failure() != null) {
                return false;
            }
        }
        AckWatermark.Pending pending = marks.sent(object.key());
        publisher.publish(job, error -> {
            slots.release();
            if (error == null) {
                marks.acked(pending);
            } else {
                marks.failed(error);
            }
        });
        return true;
    }

    private void list(BatchRequest request, String startAfter, RawFilter filter, BlockingQueue<ListedObject> queue,
                      AtomicReference<Boolean> stop, AtomicReference<RuntimeException> error) {
        try {
            PrefixListing listing = new PrefixListing(s3, request.sourceBucket(), request.sourcePrefix(), startAfter,
                    config.pageSize());
            while (!stop.get() && listing.hasNext()) {
                ListedObject object = listing.next();
                if (filter.accepts(object.key(), object.size())) {
                    offer(queue, object, stop);
                }
            }
        } catch (RuntimeException e) {
            error.set(e instanceof ListingFailedException ? e : new ListingFailedException(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        listedNanos = System.nanoTime() - runStarted;
        try {
            offer(queue, END, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void offer(BlockingQueue<ListedObject> queue, ListedObject object, AtomicReference<Boolean> stop)
            throws InterruptedException {
        while (!stop.get() && !queue.offer(object, POLL_MS, TimeUnit.MILLISECONDS)) {
            // the publisher is behind; wait, unless the run stopped
        }
    }

    /** Pushes out batched sends and waits until each is acknowledged or failed. */
    private void settle(AckWatermark marks) throws InterruptedException {
        publisher.flush();
        marks.awaitSettled();
    }

    /** @return false when the wait ended because the run was cancelled or halted */
    private boolean sleepUnlessStopped(long ms) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < until) {
            if (cancelled || halted) {
                return false;
            }
            Thread.sleep(POLL_MS);
        }
        return true;
    }

    private static String describe(String key) {
        return key == null ? "the start" : "'" + key + "'";
    }

    /** The broker refused a job for good (after the producer's own retries). */
    static final class PublishFailedException extends RuntimeException {
        PublishFailedException(Exception cause) {
            super("publishing failed: " + cause.getMessage(), cause);
        }
    }
}
