package io.nightshift.dispatcher.publishing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which partitions of the batch-status topic this replica lists the batches of: the partitions Kafka's group
 * coordinator assigns to it in the listing group, so every partition (and every batch, keyed by its id) has one
 * lister among the running replicas. The consumer never reads (its partitions stay paused); it only holds its
 * membership. When partitions move, {@link Owner#release} runs before the coordinator hands them to another
 * replica (it stops the listings and records their resume points), and {@link Owner#take} after this replica got
 * them. The cooperative sticky assignor moves only the partitions that must move when a replica comes or goes.
 * A replica that stops heart-beating (killed, frozen) loses its partitions after the session timeout.
 */
public final class ListingOwnership {
    private static final Logger LOG = Logger.getLogger(ListingOwnership.class);

    /** What the assignment drives. Called on the ownership thread. */
    public interface Owner {
        /** These partitions are now this replica's to list (in addition to those it had). */
        void take(Set<Integer> partitions);

        /** These partitions are no longer this replica's: stop their listings before returning. */
        void release(Set<Integer> partitions);
    }

    private final Properties settings;
    private final String topic;
    private final Owner owner;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Set<Integer> owned = Set.of();
    private Thread thread;

    /**
     * @param settings the client settings (bootstrap servers, pass-through settings, client id); the group id and
     *                 the session timeout are set here
     */
    public ListingOwnership(Properties settings, String group, Duration sessionTimeout, String topic, Owner owner) {
        this.settings = new Properties();
        this.settings.putAll(settings);
        this.settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        this.settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        this.settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 5));
        this.settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        this.topic = topic;
        this.owner = owner;
    }

    /** The partitions this replica lists now. */
    public Set<Integer> owned() {
        return owned;
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this::loop, "nightshift-listing-ownership");
        thread.setDaemon(true);
        thread.start();
    }

    /** Leaves the group, releasing every partition first (another replica takes them at once). */
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void loop() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                c.subscribe(List.of(topic), new Listener(c));
                while (running) {
                    c.poll(Duration.ofMillis(500));
                }
            } catch (WakeupException e) {
                // stopping: closing the consumer revoked its partitions through the listener
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warnf("listing ownership: the group consumer failed (%s); joining again in 5 s", e.getMessage());
                release(owned);
                sleepQuietly(5000);
            } finally {
                consumer = null;
            }
        }
        release(owned);
    }

    private void release(Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<Integer> remaining = new TreeSet<>(owned);
        remaining.removeAll(partitions);
        owned = Set.copyOf(remaining);
        owner.release(partitions);
        LOG.infof("listing ownership: released %s partitions %s; listing %s", topic, new TreeSet<>(partitions),
                remaining);
    }

    private final class Listener implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> consumer;

        Listener(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions); // membership only: nothing is read through this consumer
            Set<Integer> taken = numbers(partitions);
            if (taken.isEmpty()) {
                return;
            }
            Set<Integer> all = new TreeSet<>(owned);
            all.addAll(taken);
            owned = Set.copyOf(all);
            LOG.infof("listing ownership: took %s partitions %s; listing %s", topic, new TreeSet<>(taken), all);
            owner.take(taken);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(numbers(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warnf("listing ownership: lost %s partitions %s (this replica missed its session)", topic,
                    new TreeSet<>(numbers(partitions)));
            release(numbers(partitions));
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
