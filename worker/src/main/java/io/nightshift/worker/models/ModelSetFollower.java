package io.nightshift.worker.models;

import io.minio.MinioClient;
import io.nightshift.inference.registry.ModelLoadException;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.modelstore.Announcement;
import io.nightshift.modelstore.ModelSetAnnouncements;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.modelstore.S3ModelStore;
import io.nightshift.worker.metrics.WorkerMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Follows the model-set channel and keeps the registry serving its latest announcement. Every worker reads
 * the whole compacted model-set topic on its own (assigned, no consumer group, nothing committed), so every
 * worker sees every announcement. At start it reads the topic to its end and loads the latest announced set
 * from the model store (when the channel has none — a fresh stack — it first publishes the default set, or
 * a generated RANDOM-WEIGHT test set when no default set exists); the worker is not ready before that. Then
 * each new announcement is fetched and swapped in through the registry (load beside, validate, warm up, swap,
 * drain): a corrupt or contract-breaking set is refused there and the current set keeps serving; an older
 * version announced again is simply loaded again: a rollback.
 */
public final class ModelSetFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelSetFollower.class);

    private final ModelRegistry registry;
    private final S3ModelStore store;
    private final MinioClient s3;
    private final String bucket;
    private final Properties kafka;
    private final String topic;
    private final String channel;
    private final WorkerMetrics metrics;
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public ModelSetFollower(ModelRegistry registry, MinioClient s3, String bucket, Properties kafka, String topic,
                            String channel, WorkerMetrics metrics) {
        this.registry = registry;
        this.s3 = s3;
        this.store = new S3ModelStore(s3, bucket);
        this.bucket = bucket;
        this.kafka = kafka;
        this.topic = topic;
        this.channel = channel;
        this.metrics = metrics;
    }

    /**
     * Publishes a default set when the channel has no announcement yet: {@code defaultSet} when it holds a
     * manifest, else a generated RANDOM-WEIGHT test set (it enhances nothing; its version says so).
     */
    public void publishDefaultIfNone(Optional<Path> defaultSet, Duration timeout) throws IOException, TimeoutException {
        if (ModelSetAnnouncements.latest(kafka, topic, channel, timeout).isPresent()) {
            return;
        }
        ModelSetPublisher publisher = new ModelSetPublisher(s3, bucket, kafka, topic, channel);
        Path folder = defaultSet.filter(d -> Files.isRegularFile(d.resolve(ModelRegistry.MANIFEST))).orElse(null);
        if (folder == null) {
            folder = Files.createTempDirectory("nightshift-random-set-");
            RandomModelSet.write(folder, 1, "worker: no model set announced and no default set present");
            LOG.warnf("no model set announced on channel %s and no default set%s: publishing a generated "
                    + "RANDOM-WEIGHT test set (it does not enhance)", channel,
                    defaultSet.map(d -> " in " + d).orElse(""));
        }
        Announcement announced = publisher.publish(folder);
        LOG.infof("model set %s announced on channel %s (fresh stack)", announced.manifest().setVersion(), channel);
    }

    /**
     * Reads the topic to its end, loads the latest set (blocking; the worker is not ready before), then follows
     * further announcements on a thread of its own.
     *
     * @throws ModelLoadException when the latest announced set cannot be loaded (nothing serves)
     * @throws TimeoutException   when the topic's end is not reached in time
     */
    public void start(Duration timeout) throws TimeoutException {
        KafkaConsumer<byte[], byte[]> c = ModelSetAnnouncements.openConsumer(kafka, topic);
        consumer = c;
        try {
            List<Announcement> announced = ModelSetAnnouncements.readToEnd(c, channel, timeout);
            if (announced.isEmpty()) {
                LOG.warnf("no model set announced on channel %s yet; not ready until one is", channel);
            } else {
                loadNewestLoadable(announced);
            }
        } catch (RuntimeException | TimeoutException e) {
            c.close(Duration.ZERO);
            consumer = null;
            throw e;
        }
        thread = new Thread(this::follow, "nightshift-model-sets");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * At start: the latest announcement, or, when the registry refuses it (a corrupt set announced while this
     * worker was down), the newest earlier one that loads, so that a new worker serves what the running ones
     * serve. The refusal stays visible in the registry's status.
     */
    private void loadNewestLoadable(List<Announcement> announced) {
        ModelLoadException first = null;
        java.util.Set<String> tried = new java.util.HashSet<>();
        for (int i = announced.size() - 1; i >= 0; i--) {
            Announcement a = announced.get(i);
            if (!tried.add(a.manifest().setVersion())) {
                continue;
            }
            try {
                load(a);
                if (first != null) {
                    LOG.warnf("serving model set %s: the latest announcement was refused (%s)",
                            a.manifest().setVersion(), first.getMessage());
                }
                return;
            } catch (ModelLoadException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    private Optional<Announcement> newest(KafkaConsumer<byte[], byte[]> c, Optional<Announcement> latest) {
        Optional<Announcement> newest = latest;
        for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(200))) {
            Optional<Announcement> parsed = ModelSetAnnouncements.parse(record, channel);
            if (parsed.isPresent()) {
                newest = parsed;
            }
        }
        return newest;
    }

    private void follow() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        try {
            while (!stopping) {
                Optional<Announcement> latest = newest(c, Optional.empty());
                if (latest.isPresent()) {
                    try {
                        load(latest.get());
                    } catch (ModelLoadException e) {
                        // the registry logged why and keeps serving its set
                    }
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (RuntimeException e) {
            LOG.errorf(e, "the model-set follower stopped: %s", e.getMessage());
        } finally {
            c.close(Duration.ofSeconds(2));
        }
    }

    private void load(Announcement announcement) {
        String version = announcement.manifest().setVersion();
        if (registry.servingVersion().filter(version::equals).isPresent()) {
            return;
        }
        LOG.infof("loading model set %s (announced on %s at offset %d)", version, channel, announcement.offset());
        registry.load(store, announcement.manifestKey());
        metrics.servingModelSet(version);
    }

    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null && thread != null) {
            c.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
