package io.nightshift.worker.messaging;

import io.nightshift.worker.messaging.JobHandler.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The worker's one Kafka consumer on the jobs topic, driven by one thread (a {@code KafkaConsumer} is not
 * thread-safe). It polls continuously, so it never trips {@code max.poll.interval.ms} however long a job
 * takes, and keeps at most {@code maxInFlight} jobs in the pipeline: at the bound it pauses every assigned
 * partition and seeks back over records it could not start; below it, it resumes them. Offsets are
 * committed per partition only up to the oldest unfinished job ({@link PartitionOffsets}), and a job is
 * finished only when its output, previews and result event (or its dead letter) are durable.
 *
 * <p>Rebalances: before partitions go, what is finished on them is committed; jobs still running on them
 * finish (at-least-once: the partition's new owner may run them again, writing the same output key) but are
 * no longer tracked. Shutdown ({@link #close}): stop taking jobs, keep committing while the jobs in flight
 * finish within the grace period, abandon the rest (uncommitted: redelivered), commit, leave the group.
 */
public final class JobConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private record Finished(TopicPartition partition, PartitionOffsets tracker, long offset) {
    }

    private final KafkaSettings kafka;
    private final String group;
    private final String topic;
    private final String clientId;
    private final int maxPollRecords;
    private final int maxInFlight;
    private final JobHandler handler;
    private final Duration grace;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean running;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    /** The jobs topic's partitions this worker holds, as of the last rebalance; null before the first. */
    private volatile List<Integer> held;
    private volatile int topicPartitions = -1;

    public JobConsumer(KafkaSettings kafka, String group, String topic, String clientId, int maxPollRecords,
                       int maxInFlight, JobHandler handler, Duration grace) {
        this.kafka = kafka;
        this.group = group;
        this.topic = topic;
        this.clientId = clientId;
        this.maxPollRecords = maxPollRecords;
        this.maxInFlight = maxInFlight;
        this.handler = handler;
        this.grace = grace;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "nightshift-poll");
        // alive from now: the loop's thread builds its client before its first poll, and liveness asked in between
        // (the worker just turned ready) must not see a poll loop that has not polled yet as dead
        lastPollNanos = System.nanoTime();
        running = true;
        thread.start();
    }

    /** Jobs handed to the pipeline and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * The jobs topic's partitions this worker holds, ascending; empty when it holds none (more workers than partitions:
     * it sits idle), empty too before its first assignment ({@link #assigned()} tells the two apart).
     */
    public List<Integer> heldPartitions() {
        List<Integer> h = held;
        return h == null ? List.of() : h;
    }

    /** Whether the group has assigned this worker its partitions (possibly none) at least once. */
    public boolean assigned() {
        return held != null;
    }

    /** The jobs topic's partition count as the client last saw it; -1 before the first assignment. */
    public int topicPartitions() {
        return topicPartitions;
    }

    /** Whether the poll loop runs and polled recently (liveness). */
    public boolean isAlive(Duration within) {
        return running && System.nanoTime() - lastPollNanos < within.toNanos();
    }

    private void run() {
        Properties p = kafka.properties(clientId);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            running = true;
            c.subscribe(List.of(topic), new Rebalance(c));
            while (!stopRequested) {
                loopOnce(c, true);
            }
            drain(c);
        } catch (WakeupException e) {
            // close() woke the poll up after stopRequested; nothing more to do
        } catch (RuntimeException e) {
            LOG.errorf(e, "the job consumer stopped: %s", e.getMessage());
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    private void loopOnce(KafkaConsumer<String, byte[]> c, boolean taking) {
        lastPollNanos = System.nanoTime();
        applyFinished();
        commit(c, null);
        Set<TopicPartition> assigned = c.assignment();
        if (!taking || inFlight.get() >= maxInFlight) {
            c.pause(assigned);
        } else if (!c.paused().isEmpty()) {
            c.resume(c.paused());
        }
        ConsumerRecords<String, byte[]> records = c.poll(POLL);
        Set<TopicPartition> full = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            if (full.contains(tp)) {
                continue;
            }
            PartitionOffsets tracker = partitions.get(tp);
            if (tracker == null || !taking || inFlight.get() >= maxInFlight) {
                // not ours any more, or no room: fetch it again later
                if (tracker != null) {
                    c.seek(tp, record.offset());
                }
                full.add(tp);
                continue;
            }
            tracker.started(record.offset());
            inFlight.incrementAndGet();
            long offset = record.offset();
            handler.handle(record).whenComplete((outcome, error) -> {
                inFlight.decrementAndGet();
                if (error == null && outcome != Outcome.ABANDONED) {
                    finished.add(new Finished(tp, tracker, offset));
                }
            });
        }
    }

    private void applyFinished() {
        Finished f;
        while ((f = finished.poll()) != null) {
            if (partitions.get(f.partition()) == f.tracker()) {
                f.tracker().finished(f.offset());
            }
        }
    }

    /** Commits every tracked partition (or only {@code only}) whose committable position moved. */
    private void commit(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((tp, tracker) -> {
            if (only == null || only.contains(tp)) {
                OptionalLong position = tracker.toCommit();
                position.ifPresent(pos -> offsets.put(tp, new OffsetAndMetadata(pos)));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            c.commitSync(offsets, Duration.ofSeconds(10));
            offsets.forEach((tp, om) -> partitions.get(tp).markCommitted(om.offset()));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // a rebalance in progress or a broker hiccup: the next loop tries again; at worst jobs are redelivered
            LOG.warnf("commit of %s failed, will retry: %s", offsets.keySet(), e.toString());
        }
    }

    private void drain(KafkaConsumer<String, byte[]> c) {
        long deadline = System.nanoTime() + grace.toNanos();
        int atStart = inFlight.get();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            loopOnce(c, false);
        }
        int left = inFlight.get();
        if (left > 0) {
            handler.abandonAll();
        }
        applyFinished();
        commit(c, null);
        LOG.infof("job consumer stopped: %d job(s) in flight at shutdown, %d finished within %d s, %d abandoned "
                + "(uncommitted: they are redelivered)", atStart, atStart - left, grace.toSeconds(), left);
    }

    /** Stops taking jobs, lets the jobs in flight finish within the grace period, commits and leaves the group. */
    @Override
    public void close() {
        stopRequested = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        try {
            if (!stopped.await(grace.toMillis() + 20_000, TimeUnit.MILLISECONDS)) {
                KafkaConsumer<String, byte[]> c = consumer;
                if (c != null) {
                    c.wakeup();
                }
                stopped.await(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        Rebalance(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty()) {
                return;
            }
            applyFinished();
            commit(c, revoked);
            List<Integer> stillRunning = new ArrayList<>();
            for (TopicPartition tp : revoked) {
                PartitionOffsets tracker = partitions.remove(tp);
                if (tracker != null && tracker.unfinished() > 0) {
                    stillRunning.add(tp.partition());
                }
            }
            if (!stillRunning.isEmpty()) {
                // their slots are given back: jobs not yet uploading stop at their next stage boundary, uncommitted
                // (the partition's new owner runs them); those uploading finish
                LOG.infof("partitions %s revoked with jobs still running: those not yet uploading are given up for "
                        + "their new owner", stillRunning);
            }
            handler.giveUp(revoked);
            heldChanged();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            for (TopicPartition tp : assigned) {
                partitions.put(tp, new PartitionOffsets());
            }
            try {
                topicPartitions = c.partitionsFor(topic, Duration.ofSeconds(5)).size();
            } catch (KafkaException e) {
                // the count is for operators only; the next rebalance tries again
            }
            heldChanged();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(partitions::remove);
            handler.giveUp(lost);
            heldChanged();
        }

        /** One line when the set of partitions held changes, saying so plainly when there is none. */
        private void heldChanged() {
            List<Integer> now = partitions.keySet().stream().map(TopicPartition::partition).sorted().toList();
            List<Integer> before = held;
            held = now;
            if (now.equals(before) || stopRequested) {
                return; // at shutdown the partitions go with the worker: nothing to say
            }
            String of = topicPartitions < 0 ? "" : " (" + topicPartitions + " partitions)";
            if (now.isEmpty()) {
                // INFO, not WARN: a worker joining a cooperative rebalance holds none for a moment before its share
                LOG.infof("holding no partition of %s%s: idle, taking no jobs, until a rebalance gives this worker one "
                        + "(more workers in group %s than partitions?)", topic, of, group);
            } else {
                LOG.infof("holding partitions %s of %s%s", now, topic, of);
            }
        }
    }
}
