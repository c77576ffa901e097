package io.nightshift.dispatcher.deadletters;

import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.publishing.EndOffsets;
import io.nightshift.dispatcher.publishing.KafkaClients;
import io.nightshift.dispatcher.publishing.TopicFollower;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dead letters, for operators: one background consumer without a group reads {@code nightshift.dead-letters}
 * from its start at every start-up and then follows it into a bounded {@link DeadLetterIndex}; lists and shows
 * them with whether each can be replayed, and replays chosen ones as their next attempt through
 * {@link Progress#requeue}, the path retry-failed takes.
 *
 * <p>Replayable: a dead letter that kept its job, whose class {@link ErrorClass#replayableByDefault(String)} says
 * a fix outside the job can change (or any class, with force), and whose next attempt is not queued yet.
 */
@ApplicationScoped
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    KafkaClients clients;

    @Inject
    EndOffsets endOffsets;

    @Inject
    Progress progress;

    @Inject
    DispatcherConfig config;

    private DeadLetterIndex index;
    private volatile TopicFollower follower;

    /** Whether a dead letter can be replayed, and why not. */
    public record Replayability(boolean replayable, String whyNot) {
        static final Replayability YES = new Replayability(true, null);

        static Replayability no(String why) {
            return new Replayability(false, why);
        }
    }

    /**
     * What a replay did with one job id.
     *
     * @param requeued true when its next attempt was published
     * @param attempt  the attempt published, when requeued
     * @param reason   why it was skipped, when not
     */
    public record Replayed(String jobId, boolean requeued, Integer attempt, String reason) {
    }

    @PostConstruct
    void init() {
        index = new DeadLetterIndex(config.deadLetters().maxJobs(), config.deadLetters().perJob());
        follower = new TopicFollower(clients, endOffsets, "dead-letters", List.of(config.topics().deadLetters()),
                new TopicFollower.Owner() {
                    @Override
                    public void apply(ConsumerRecord<String, byte[]> record) {
                        DeadLetters.this.apply(record);
                    }

                    @Override
                    public void reset() {
                        synchronized (DeadLetters.this) {
                            index.clear();
                        }
                    }
                });
    }

    void onStart(@Observes StartupEvent event) {
        follower.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        follower.stop();
    }

    /** Jobs with dead letters matching the filters (null: any), newest dead letter first. */
    public synchronized List<DeadLetterJob> page(String batchId, String errorClass, long offset, int size) {
        return index.page(new DeadLetterIndex.Filter(batchId, errorClass), offset, size);
    }

    public synchronized long count(String batchId, String errorClass) {
        return index.count(new DeadLetterIndex.Filter(batchId, errorClass));
    }

    public synchronized Optional<DeadLetterJob> find(String jobId) {
        return index.find(jobId);
    }

    /** Jobs indexed now, and dropped for the bound ({@code nightshift.dispatcher.dead-letters.max-jobs}). */
    public synchronized int indexed() {
        return index.size();
    }

    public synchronized long forgotten() {
        return index.forgotten();
    }

    /** Whether the job's latest dead letter would be replayed now, with or without force; why not. */
    public Replayability replayability(DeadLetterJob job, boolean force) {
        DeadLetterEntry latest = job.latest();
        if (job.job() == null) {
            return Replayability.no("only the raw payload (" + job.rawPayloadBytes() + " bytes"
                    + (job.rawPayloadStoredAt() != null ? ", stored at " + job.rawPayloadStoredAt() : "")
                    + ") was kept: the worker could not read the job, so there is nothing to re-enqueue");
        }
        if (!force && !ErrorClass.replayableByDefault(latest.errorClass())) {
            return Replayability.no(ErrorClass.byWireName(latest.errorClass()).isPresent()
                    ? latest.errorClass() + " is a poison class: the same input fails the same way; replay with force"
                    + " after changing what made it fail"
                    : latest.errorClass() + " is a class this dispatcher does not know; replay with force");
        }
        int next = job.job().attempt() + 1;
        int latestAttempt = progress.latestAttempt(job.jobId());
        if (latestAttempt >= next) {
            return Replayability.no("attempt " + latestAttempt + " is already queued or ran after this dead letter");
        }
        return Replayability.YES;
    }

    /**
     * Re-enqueues each chosen job's latest dead letter as its next attempt ({@link Job#nextAttempt}) through
     * {@link Progress#requeue}, waiting for the broker; answers per job id, in order (a repeated id once).
     */
    public List<Replayed> replay(List<String> jobIds, boolean force) {
        Map<String, Replayed> answers = new LinkedHashMap<>();
        List<Job> chosen = new ArrayList<>();
        for (String jobId : jobIds) {
            if (answers.containsKey(jobId)) {
                continue;
            }
            Optional<DeadLetterJob> found = find(jobId);
            if (found.isEmpty()) {
                answers.put(jobId, new Replayed(jobId, false, null, "unknown: no dead letter of this job id is indexed"));
                continue;
            }
            Replayability replayability = replayability(found.get(), force);
            if (!replayability.replayable()) {
                answers.put(jobId, new Replayed(jobId, false, null, replayability.whyNot()));
                continue;
            }
            answers.put(jobId, null); // decided by requeue below
            chosen.add(found.get().job());
        }
        for (Progress.Requeued requeued : progress.requeue(chosen)) {
            answers.put(requeued.jobId(), requeued.published()
                    ? new Replayed(requeued.jobId(), true, requeued.attempt(), null)
                    : new Replayed(requeued.jobId(), false, null, "attempt " + requeued.attempt()
                    + " is already queued or ran after this dead letter"));
        }
        long count = answers.values().stream().filter(Replayed::requeued).count();
        LOG.infof("dead letters: %d of %d replayed%s", count, answers.size(), force ? " (forced)" : "");
        return List.copyOf(answers.values());
    }

    /** The job ids of a batch's dead letters, newest first (what {@code replay} of a whole batch chooses from). */
    public List<String> jobIdsOfBatch(String batchId) {
        return page(batchId, null, 0, Integer.MAX_VALUE).stream().map(DeadLetterJob::jobId).toList();
    }

    /** Whether it has read everything that was on its topics when it (re)started: before, what it says is partial. */
    public boolean caughtUp() {
        TopicFollower current = follower;
        return current != null && current.caughtUp();
    }

    /** The follower of the dead-letter topic, for waiting on it ({@link TopicFollower#awaitApplied}). */
    public TopicFollower follower() {
        return follower;
    }

    /** Forgets everything and reads the topic again from its start (tests call it as a restart). */
    public void restart() {
        follower.restart();
    }

    /** Waits until every record on the topic at the time of the call has been indexed. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    synchronized void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            DeadLetterRecords.Read read = DeadLetterRecords.read(record.key(), record.value(),
                    "unidentified-" + record.partition() + "-" + record.offset());
            long before = index.forgotten();
            index.add(read.jobId(), read.batchId(), read.job(), read.rawPayloadBytes(), read.rawPayloadStoredAt(),
                    read.entry());
            if (index.forgotten() > before && (before == 0 || index.forgotten() % 1000 == 0)) {
                LOG.warnf("dead letters: more than %d jobs; %d of the oldest forgotten here (still on %s)",
                        config.deadLetters().maxJobs(), index.forgotten(), record.topic());
            }
        } catch (RuntimeException e) {
            LOG.warnf("dead letters: skipping unreadable record at %s-%d offset %d: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }
}
