package io.nightshift.dispatcher.deadletters;

import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.publishing.KafkaClients;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
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
import java.util.concurrent.ConcurrentHashMap;

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
    Progress progress;

    @Inject
    DispatcherConfig config;

    private DeadLetterIndex index;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile Follower follower;

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
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
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
            return Replayability.no("only the raw payload (" + job.rawPayloadBytes() + " bytes) was kept: the worker"
                    + " could not read the job, so there is nothing to re-enqueue");
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

    /** Forgets everything and reads the topic again from its start (tests call it as a restart). */
    public void restart() {
        stop();
        synchronized (this) {
            index.clear();
            positions.clear();
        }
        start();
    }

    /** Waits until every record on the topic at the time of the call has been indexed. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        Map<TopicPartition, Long> end;
        try (KafkaConsumer<String, byte[]> reader = clients.newReader("nightshift-dispatcher-dead-letters-end")) {
            List<TopicPartition> partitions = partitions(reader, timeout);
            reader.assign(partitions);
            end = reader.endOffsets(partitions, timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> positions.getOrDefault(e.getKey(), -1L) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private synchronized void start() {
        follower = new Follower();
        Thread thread = new Thread(follower, "nightshift-dead-letters");
        thread.setDaemon(true);
        follower.thread = thread;
        thread.start();
    }

    private void stop() {
        Follower current = follower;
        if (current == null) {
            return;
        }
        current.running = false;
        current.wakeup();
        try {
            current.thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        follower = null;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        String topic = config.topics().deadLetters();
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos != null) {
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    synchronized void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            DeadLetterRecords.Read read = DeadLetterRecords.read(record.key(), record.value(),
                    "unidentified-" + record.partition() + "-" + record.offset());
            long before = index.forgotten();
            index.add(read.jobId(), read.batchId(), read.job(), read.rawPayloadBytes(), read.entry());
            if (index.forgotten() > before && (before == 0 || index.forgotten() % 1000 == 0)) {
                LOG.warnf("dead letters: more than %d jobs; %d of the oldest forgotten here (still on %s)",
                        config.deadLetters().maxJobs(), index.forgotten(), record.topic());
            }
        } catch (RuntimeException e) {
            LOG.warnf("dead letters: skipping unreadable record at %s-%d offset %d: %s", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
        }
    }

    /** Reads the topic from its start and follows it until stopped. */
    private final class Follower implements Runnable {
        volatile boolean running = true;
        volatile KafkaConsumer<String, byte[]> consumer;
        Thread thread;

        void wakeup() {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        @Override
        public void run() {
            while (running) {
                try (KafkaConsumer<String, byte[]> c = clients.newReader("nightshift-dispatcher-dead-letters")) {
                    consumer = c;
                    List<TopicPartition> partitions = partitions(c, Duration.ofSeconds(30));
                    if (partitions.isEmpty()) {
                        LOG.warnf("dead letters: %s does not exist yet; looking again in 5 s",
                                config.topics().deadLetters());
                        sleepQuietly(5000);
                        continue;
                    }
                    c.assign(partitions);
                    c.seekToBeginning(partitions);
                    while (running) {
                        for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                            apply(record);
                        }
                        for (TopicPartition partition : partitions) {
                            positions.put(partition, c.position(partition));
                        }
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warnf("dead letters: consumer failed (%s); reading the topic again from its start",
                            e.getMessage());
                    synchronized (DeadLetters.this) {
                        index.clear();
                        positions.clear();
                    }
                    sleepQuietly(1000);
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
