package io.nightshift.dispatcher.progress;

import io.nightshift.dispatcher.batch.BatchRequest;
import io.nightshift.dispatcher.batch.NotRecordedException;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.publishing.JobPublisher;
import io.nightshift.dispatcher.publishing.EndOffsets;
import io.nightshift.dispatcher.publishing.KafkaClients;
import io.nightshift.dispatcher.publishing.TopicFollower;
import io.nightshift.protocol.Camera;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Stage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Per-batch progress derived from the jobs and results topics, which one background consumer (no group) reads
 * from their start at every start-up and then follows. Per job id it keeps a {@link JobState}: a job counts
 * once however often its records are duplicated, and the result of its latest attempt wins (a result older than
 * the latest result, or older than a newer queued attempt, changes nothing).
 */
@ApplicationScoped
public class Progress {
    private static final Logger LOG = Logger.getLogger(Progress.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    KafkaClients clients;

    @Inject
    EndOffsets endOffsets;

    @Inject
    JobPublisher publisher;

    @Inject
    DispatcherConfig config;

    @Inject
    io.nightshift.dispatcher.fleet.FleetActivity fleetActivity;

    private final Map<String, JobState> jobs = new HashMap<>();
    private final Map<String, BatchProgress> batches = new ConcurrentHashMap<>();
    private final Map<String, String> buckets = new HashMap<>();
    /** Model-set versions, one string each: thousands of done jobs share a handful. */
    private final Map<String, String> modelSets = new HashMap<>();
    /** Cameras, one record each: an archive holds a handful of models. */
    private final Map<Camera, Camera> cameras = new HashMap<>();
    private final Object retryLock = new Object();
    private volatile TopicFollower follower;
    private volatile double resultsLag = Double.NaN;

    /** What {@link #retryFailed} did. */
    public record Retried(int requeued, int skipped) {
    }

    void onStart(@Observes StartupEvent event) {
        follower = new TopicFollower(clients, endOffsets, "progress", List.of(config.topics().jobs(), config.topics().results()),
                new TopicFollower.Owner() {
                    @Override
                    public void apply(ConsumerRecord<String, byte[]> record) {
                        Progress.this.apply(record);
                    }

                    @Override
                    public void reset() {
                        resetState();
                    }

                    @Override
                    public void polled(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
                        measureLag(consumer, partitions);
                    }
                });
        follower.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        follower.stop();
    }

    public Counts counts(String batchId) {
        BatchProgress batch = batches.get(batchId);
        return batch == null ? Counts.NONE : new Counts(batch.seen, batch.done, batch.failed);
    }

    /** Failed jobs of a batch in job-id order, {@code size} from {@code offset}. */
    public List<Failure> failures(String batchId, long offset, int size) {
        return failures(batchId, null, offset, size);
    }

    /**
     * Failed jobs of a batch in job-id order, {@code size} from {@code offset}, of one error class (its wire name)
     * or of all when {@code errorClass} is null.
     */
    public synchronized List<Failure> failures(String batchId, String errorClass, long offset, int size) {
        BatchProgress batch = batches.get(batchId);
        List<Failure> page = new ArrayList<>();
        if (batch == null) {
            return page;
        }
        long skipped = 0;
        for (String jobId : batch.failedJobs) {
            JobState job = jobs.get(jobId);
            if (errorClass != null && !errorClass.equals(className(job))) {
                continue;
            }
            if (skipped++ < offset) {
                continue;
            }
            if (page.size() >= size) {
                break;
            }
            page.add(new Failure(jobId, job.sourceKey, job.resultAttempt, job.errorClass, job.reason));
        }
        return page;
    }

    /**
     * A batch's failed jobs counted by error class, the most frequent first, each with the reason of its first job
     * (in job-id order) as an example.
     */
    public synchronized List<FailureClass> failureClasses(String batchId) {
        BatchProgress batch = batches.get(batchId);
        if (batch == null) {
            return List.of();
        }
        Map<String, long[]> counts = new java.util.TreeMap<>();
        Map<String, String> examples = new HashMap<>();
        for (String jobId : batch.failedJobs) {
            JobState job = jobs.get(jobId);
            String name = className(job);
            counts.computeIfAbsent(name, n -> new long[1])[0]++;
            examples.putIfAbsent(name, job.reason);
        }
        return counts.entrySet().stream()
                .map(e -> new FailureClass(e.getKey(), e.getValue()[0], examples.get(e.getKey())))
                .sorted(java.util.Comparator.comparingLong(FailureClass::count).reversed()
                        .thenComparing(FailureClass::errorClass))
                .toList();
    }

    private static Map<String, Long> stageMs(int[] ms) {
        Map<String, Long> stages = new java.util.LinkedHashMap<>();
        if (ms != null) {
            for (Stage stage : Stage.values()) {
                if (ms[stage.ordinal()] >= 0) {
                    stages.put(stage.wireName(), (long) ms[stage.ordinal()]);
                }
            }
        }
        return stages;
    }

    private static int[] stageMs(Map<Stage, Long> reported) {
        if (reported == null || reported.isEmpty()) {
            return null;
        }
        int[] ms = new int[Stage.values().length];
        java.util.Arrays.fill(ms, -1);
        reported.forEach((stage, value) -> ms[stage.ordinal()] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, value)));
        return ms;
    }

    private static String className(JobState job) {
        return job.errorClass == null ? "UNKNOWN" : job.errorClass;
    }

    /** Done jobs of a batch in job-id order, {@code size} from {@code offset}. */
    public synchronized List<Finished> finished(String batchId, long offset, int size) {
        BatchProgress batch = batches.get(batchId);
        List<Finished> page = new ArrayList<>();
        if (batch == null) {
            return page;
        }
        long skipped = 0;
        for (String jobId : batch.doneJobs) {
            if (skipped++ < offset) {
                continue;
            }
            if (page.size() >= size) {
                break;
            }
            JobState job = jobs.get(jobId);
            page.add(new Finished(jobId, job.sourceBucket, job.sourceKey, job.outputKey, job.resultAttempt,
                    job.previewInput != null, job.previewResult != null, job.modelSet,
                    job.ratioSource == null ? null : (double) job.ratio, job.ratioSource, job.camera, stageMs(job.stageMs)));
        }
        return page;
    }

    /**
     * The preview of a done job by role ({@link JobResult#PREVIEW_INPUT} or {@link JobResult#PREVIEW_RESULT}):
     * empty when the job is unknown, not done, or its result named no such preview.
     */
    public synchronized Optional<ImageRef> preview(String jobId, String role) {
        JobState job = jobs.get(jobId);
        if (job == null || job.status() != JobState.Status.DONE) {
            return Optional.empty();
        }
        String key = switch (role) {
            case JobResult.PREVIEW_INPUT -> job.previewInput;
            case JobResult.PREVIEW_RESULT -> job.previewResult;
            default -> null;
        };
        return key == null ? Optional.empty() : Optional.of(new ImageRef(jobId, job.batch.batchId, job.outputKey, key));
    }

    /** The output of a done job: empty when the job is unknown, not done, or its output key is not known. */
    public synchronized Optional<ImageRef> output(String jobId) {
        JobState job = jobs.get(jobId);
        if (job == null || job.status() != JobState.Status.DONE || job.outputKey == null) {
            return Optional.empty();
        }
        return Optional.of(new ImageRef(jobId, job.batch.batchId, job.outputKey, job.outputKey));
    }

    /**
     * Result events on the results topic not yet applied (sum over its partitions, from the consumer's last
     * fetch), or NaN before the first fetch.
     */
    public double resultsLag() {
        return resultsLag;
    }

    /**
     * Re-enqueues every failed job of the batch as its next attempt (same job id and output key) through
     * {@link #requeue}. A failed job whose job record was never seen (no source key known) is skipped.
     *
     * @throws NotRecordedException when the broker did not take some of the new attempts (they stay failed)
     */
    public Retried retryFailed(String batchId, BatchRequest request) {
        List<Job> failed = new ArrayList<>();
        int skipped = 0;
        Instant now = Instant.now();
        synchronized (this) {
            BatchProgress batch = batches.get(batchId);
            if (batch == null) {
                return new Retried(0, 0);
            }
            for (String jobId : List.copyOf(batch.failedJobs)) {
                JobState job = jobs.get(jobId);
                if (job.sourceKey == null || job.outputKey == null) {
                    skipped++;
                    continue;
                }
                failed.add(new Job(jobId, batchId, job.resultAttempt, new ObjectRef(job.sourceBucket, job.sourceKey),
                        new ObjectRef(request.outputBucket(), job.outputKey), request.outputFormat(), request.ratio(),
                        now));
            }
        }
        List<Requeued> requeued = requeue(failed);
        int published = (int) requeued.stream().filter(Requeued::published).count();
        skipped += requeued.size() - published; // re-enqueued meanwhile by another call
        LOG.infof("batch %s: %d failed jobs re-enqueued, %d skipped (job record unknown, or re-enqueued meanwhile)",
                batchId, published, skipped);
        return new Retried(published, skipped);
    }

    /**
     * What {@link #requeue} did with one job.
     *
     * @param published true when its next attempt was published now; false when that attempt (or a later one) was
     *                  already queued or had a result, so nothing was sent
     * @param attempt   the attempt published, or the job's latest attempt already known
     */
    public record Requeued(String jobId, boolean published, int attempt) {
    }

    /**
     * Re-enqueues each job as its next attempt ({@link Job#nextAttempt}: same job id, source and output) and waits
     * until the broker holds them: the one path of retry-failed and of the dead-letter replay, one call at a time.
     * {@code lastAttempts} are the jobs as their failed attempt ran. A job whose next attempt (or a later one) is
     * already queued or has a result is left alone, so asking twice enqueues once. A job counts as queued only once
     * the broker acknowledged its new attempt (from then on a late result of the older attempt no longer counts):
     * one the broker refused stays failed, and the call ends in {@link NotRecordedException} saying how many were
     * re-enqueued all the same.
     *
     * @return per job, in order, what was done
     */
    public List<Requeued> requeue(List<Job> lastAttempts) {
        synchronized (retryLock) {
            List<Requeued> outcomes = new ArrayList<>();
            List<Job> next = new ArrayList<>();
            Instant now = Instant.now();
            synchronized (this) {
                for (Job last : lastAttempts) {
                    Job attempt = last.nextAttempt(now);
                    int latest = latestAttempt(last.jobId());
                    if (latest >= attempt.attempt()) {
                        outcomes.add(new Requeued(last.jobId(), false, latest));
                        continue;
                    }
                    next.add(attempt);
                    outcomes.add(new Requeued(last.jobId(), true, attempt.attempt()));
                }
            }
            List<Future<?>> acks = new ArrayList<>();
            next.forEach(job -> acks.add(publisher.publish(job)));
            publisher.flush();
            int requeued = 0;
            Exception refused = null;
            for (int i = 0; i < next.size(); i++) {
                try {
                    acks.get(i).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    queued(next.get(i));
                    requeued++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NotRecordedException("interrupted while re-enqueuing " + next.size() + " jobs ("
                            + requeued + " re-enqueued)", e);
                } catch (ExecutionException e) {
                    refused = refused == null ? (Exception) e.getCause() : refused;
                } catch (TimeoutException e) {
                    refused = refused == null ? e : refused;
                }
            }
            if (refused != null) {
                LOG.infof("re-enqueue: %d jobs re-enqueued, %d refused by the broker", requeued, next.size() - requeued);
                throw new NotRecordedException("the broker did not take " + (next.size() - requeued) + " of "
                        + next.size() + " re-enqueued jobs (they stay failed; " + requeued + " re-enqueued): "
                        + refused.getMessage(), refused);
            }
            return outcomes;
        }
    }

    /** The job's highest attempt known here, queued or with a result; 0 for a job never seen. */
    public synchronized int latestAttempt(String jobId) {
        JobState job = jobs.get(jobId);
        return job == null ? 0 : Math.max(job.queuedAttempt, job.resultAttempt);
    }

    /** A new attempt the broker holds: the job is queued unless a newer attempt is known already. */
    private synchronized void queued(Job attempt) {
        JobState job = jobs.get(attempt.jobId());
        if (job == null) {
            return; // forgotten by a restart meanwhile: the follower reads the attempt from the jobs topic
        }
        JobState.Status before = job.status();
        job.queuedAttempt = Math.max(job.queuedAttempt, attempt.attempt());
        job.batch.count(attempt.jobId(), before, job.status());
    }

    /** Whether it has read everything that was on its topics when it (re)started: before, what it says is partial. */
    public boolean caughtUp() {
        TopicFollower current = follower;
        return current != null && current.caughtUp();
    }

    /** Forgets everything and reads both topics again from their start (tests call it as a restart). */
    public void restart() {
        follower.restart();
    }

    /** The follower of the jobs and results topics, for waiting on it ({@link TopicFollower#awaitApplied}). */
    public TopicFollower follower() {
        return follower;
    }

    /** Waits until every record on both topics at the time of the call has been applied. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    synchronized void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            if (record.topic().equals(config.topics().results())) {
                applyResult(ProtocolJson.readResult(record.value()));
            } else {
                applyJob(ProtocolJson.readJob(record.value()));
            }
        } catch (RuntimeException e) {
            LOG.warnf("progress: skipping unreadable record at %s-%d offset %d: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    private void applyJob(Job job) {
        JobState state = state(job.jobId(), job.batchId());
        JobState.Status before = state.status();
        if (state.sourceKey == null) {
            state.sourceBucket = buckets.computeIfAbsent(job.source().bucket(), b -> b);
            state.sourceKey = job.source().key();
            state.outputKey = job.output().key();
        }
        state.queuedAttempt = Math.max(state.queuedAttempt, job.attempt());
        state.batch.count(job.jobId(), before, state.status());
    }

    private void applyResult(JobResult result) {
        fleetActivity.result(result.workerId(), result.finishedAt(),
                result.status() == JobStatus.DONE ? result.modelSet() : null);
        JobState state = state(result.jobId(), result.batchId());
        if (result.attempt() < state.resultAttempt) {
            return; // an older attempt arriving late
        }
        if (result.attempt() == state.resultAttempt && state.done && result.status() != JobStatus.DONE) {
            return; // the same attempt failing after it succeeded (a redelivery): its output exists, DONE stands
        }
        JobState.Status before = state.status();
        state.resultAttempt = result.attempt();
        state.done = result.status() == JobStatus.DONE;
        state.errorClass = state.done ? null : result.errorClass();
        state.reason = state.done ? null : result.reason();
        state.previewInput = state.done ? result.previewKeys().get(JobResult.PREVIEW_INPUT) : null;
        state.previewResult = state.done ? result.previewKeys().get(JobResult.PREVIEW_RESULT) : null;
        state.modelSet = state.done && result.modelSet() != null ? modelSets.computeIfAbsent(result.modelSet(), m -> m) : null;
        state.ratioSource = state.done && result.ratio() != null ? result.ratioSource() : null;
        state.ratio = state.ratioSource == null ? 0f : result.ratio().floatValue();
        state.stageMs = state.done ? stageMs(result.stageMs()) : null;
        state.camera = state.done && result.camera() != null ? cameras.computeIfAbsent(result.camera(), c -> c) : null;
        state.batch.count(result.jobId(), before, state.status());
    }

    private JobState state(String jobId, String batchId) {
        JobState state = jobs.get(jobId);
        if (state == null) {
            BatchProgress batch = batches.computeIfAbsent(batchId, BatchProgress::new);
            state = new JobState(batch);
            jobs.put(jobId, state);
            batch.seen++;
        }
        return state;
    }

    /** The results topic's lag after a poll (sum over its partitions), when the consumer knows it. */
    private void measureLag(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        long lag = 0;
        for (TopicPartition partition : partitions) {
            if (partition.topic().equals(config.topics().results())) {
                OptionalLong partitionLag = consumer.currentLag(partition);
                if (partitionLag.isEmpty()) {
                    return;
                }
                lag += partitionLag.getAsLong();
            }
        }
        resultsLag = lag;
    }

    private synchronized void resetState() {
        fleetActivity.reset();
        jobs.clear();
        batches.clear();
        buckets.clear();
        modelSets.clear();
        cameras.clear();
    }
}
