package io.nightshift.dispatcher.publishing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads topics from their start with a consumer without a group (nothing committed: every start reads everything
 * again) and follows them on a daemon thread, handing each record to its {@link Owner}. It remembers the position
 * reached per partition, so a caller can wait until every record that existed at a moment has been applied, and
 * says whether it has caught up with what was there when it started ({@link #caughtUp}). When the consumer fails, the owner forgets everything and the topics are read again from their start. A topic that
 * does not exist yet is looked for again every 5 s.
 */
public final class TopicFollower {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    /** What the follower feeds. Called on the follower's thread. */
    public interface Owner {
        /** Applies one record (the owner's own lock). */
        void apply(ConsumerRecord<String, byte[]> record);

        /** Forgets everything: the topics are about to be read again from their start. */
        void reset();

        /** After each poll, with the consumer and its partitions (for lag figures, say). */
        default void polled(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        }

        /** Once every record that was on the topics when reading (again) from their start began is applied. */
        default void caughtUp() {
        }
    }

    private final KafkaClients clients;
    private final EndOffsets endOffsets;
    private final String name;
    private final List<String> topics;
    private final Owner owner;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile Loop loop;
    private volatile boolean caughtUp;

    /**
     * @param name   names the thread, the consumer's client id ({@code nightshift-dispatcher-<name>}) and log lines
     * @param topics the topics to follow; all must exist before any is read
     */
    public TopicFollower(KafkaClients clients, EndOffsets endOffsets, String name, List<String> topics, Owner owner) {
        this.clients = clients;
        this.endOffsets = endOffsets;
        this.name = name;
        this.topics = List.copyOf(topics);
        this.owner = owner;
    }

    public synchronized void start() {
        Loop started = new Loop();
        Thread thread = new Thread(started, "nightshift-" + name);
        thread.setDaemon(true);
        started.thread = thread;
        loop = started;
        thread.start();
    }

    public void stop() {
        Loop current = loop;
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
        loop = null;
    }

    /**
     * Whether every record that was on the topics when the follower last started reading them from their start has
     * been applied: until then what the owner knows is partial (counts too low, failures missing).
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Forgets everything and reads the topics again from their start (tests call it as a restart). */
    public void restart() {
        stop();
        caughtUp = false;
        positions.clear();
        owner.reset();
        start();
    }

    /** The topics followed. */
    public List<String> topics() {
        return topics;
    }

    /**
     * Waits until every record on the topics at the time of the call has been applied.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the broker does not say where the topics end
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return awaitApplied(endOffsets.of(topics, timeout), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Waits until the records before {@code end} (per partition of these topics; others ignored) are applied. */
    public boolean awaitApplied(Map<TopicPartition, Long> end, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (end.entrySet().stream().anyMatch(e -> topics.contains(e.getKey().topic()) && e.getValue() > 0
                && positions.getOrDefault(e.getKey(), -1L) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
        }
        return partitions;
    }

    private final class Loop implements Runnable {
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
                try (KafkaConsumer<String, byte[]> c = clients.newReader("nightshift-dispatcher-" + name)) {
                    consumer = c;
                    List<TopicPartition> partitions = partitions(c, Duration.ofSeconds(30));
                    if (partitions.stream().map(TopicPartition::topic).distinct().count() < topics.size()) {
                        LOG.warnf("%s: one of %s does not exist yet; looking again in 5 s", name, topics);
                        sleepQuietly(5000);
                        continue;
                    }
                    c.assign(partitions);
                    c.seekToBeginning(partitions);
                    Map<TopicPartition, Long> startEnd = c.endOffsets(partitions, Duration.ofSeconds(30));
                    while (running) {
                        for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                            owner.apply(record);
                        }
                        for (TopicPartition partition : partitions) {
                            positions.put(partition, c.position(partition));
                        }
                        if (!caughtUp && startEnd.entrySet().stream()
                                .allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
                            caughtUp = true;
                            LOG.infof("%s: caught up with %s", name, topics);
                            owner.caughtUp();
                        }
                        owner.polled(c, partitions);
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warnf("%s: consumer failed (%s); reading %s again from their start", name, e.getMessage(),
                            topics);
                    caughtUp = false;
                    positions.clear();
                    owner.reset();
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
