package io.nightshift.worker.models;

import io.minio.MinioClient;
import io.nightshift.inference.registry.ModelLoadException;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.modelstore.Announcement;
import io.nightshift.modelstore.ModelSetAnnouncements;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.modelstore.S3ModelStore;
import io.nightshift.modelstore.SkippedAnnouncement;
import io.nightshift.worker.failure.Backoff;
import io.nightshift.worker.metrics.WorkerMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * drain): a corrupt or contract-breaking set is refused there and the current set keeps serving; a set whose
 * files cannot be fetched yet is tried again with backoff ({@link #pending()}); an older version announced again
 * is simply loaded again: a rollback. A record that is no usable announcement is skipped and counted: it never
 * stops the follower, and a starting worker takes the newest usable one.
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
    private final Backoff reloadBackoff;
    private volatile PendingLoad pending;
    private Path randomSet;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public ModelSetFollower(ModelRegistry registry, MinioClient s3, String bucket, Properties kafka, String topic,
                            String channel, WorkerMetrics metrics, Backoff reloadBackoff) {
        this.registry = registry;
        this.s3 = s3;
        this.store = new S3ModelStore(s3, bucket);
        this.bucket = bucket;
        this.kafka = kafka;
        this.topic = topic;
        this.channel = channel;
        this.metrics = metrics;
        this.reloadBackoff = reloadBackoff;
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
            if (randomSet == null) { // once: a start that retries publishes the same folder again
                randomSet = Files.createTempDirectory("nightshift-random-set-");
                RandomModelSet.write(randomSet, 1, "worker: no model set announced and no default set present");
                LOG.warnf("no model set announced on channel %s and no default set%s: publishing a generated "
                        + "RANDOM-WEIGHT test set (it does not enhance)", channel,
                        defaultSet.map(d -> " in " + d).orElse(""));
            }
            folder = randomSet;
        }
        Announcement announced = publisher.publish(folder);
        LOG.infof("model set %s announced on channel %s (fresh stack)", announced.manifest().setVersion(), channel);
    }

    /**
     * Reads the topic to its end and follows it on a thread of its own, which loads the newest usable
     * announcement (the worker is not ready before one serves), then each later one. A load that fails for a
     * reason that may pass (the object store unreachable, a model file not there yet) is tried again with backoff
     * until it works or a newer set is announced; a set the registry refuses (corrupt, contract-breaking) is not,
     * and at start the newest earlier set that loads serves instead. Records that cannot be used are skipped.
     *
     * @throws TimeoutException when the topic's end is not reached in time (nothing is left open: call again)
     * @throws RuntimeException when the broker cannot be reached (Kafka's own exceptions; nothing is left open)
     */
    public void start(Duration timeout) throws TimeoutException {
        if (thread != null) {
            throw new IllegalStateException("the model-set follower already runs");
        }
        KafkaConsumer<byte[], byte[]> c = ModelSetAnnouncements.openConsumer(kafka, topic, timeout);
        List<Announcement> announced;
        try {
            announced = ModelSetAnnouncements.readToEnd(c, channel, timeout, this::skipped);
        } catch (RuntimeException | TimeoutException e) {
            c.close(Duration.ZERO);
            throw e;
        }
        Deque<Announcement> candidates = newestFirst(announced);
        if (candidates.isEmpty()) {
            LOG.warnf("no usable model set announced on channel %s yet; not ready until one is", channel);
        }
        consumer = c;
        thread = new Thread(() -> follow(c, candidates), "nightshift-model-sets");
        thread.setDaemon(true);
        thread.start();
    }

    /** The set announced last and not serving because its load failed for a reason that may pass, if any. */
    public Optional<PendingLoad> pending() {
        return Optional.ofNullable(pending);
    }

    /**
     * An announced set that could not be loaded yet and is tried again.
     *
     * @param version     the set
     * @param failures    failed loads in a row
     * @param lastFailure why the last one failed
     */
    public record PendingLoad(String version, int failures, String lastFailure) {
    }

    /** Distinct versions, the newest announcement first: at start, older ones serve only when newer ones are refused. */
    private static Deque<Announcement> newestFirst(List<Announcement> announced) {
        Deque<Announcement> candidates = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (int i = announced.size() - 1; i >= 0; i--) {
            if (seen.add(announced.get(i).manifest().setVersion())) {
                candidates.addLast(announced.get(i));
            }
        }
        return candidates;
    }

    private void follow(KafkaConsumer<byte[], byte[]> c, Deque<Announcement> candidates) {
        long retryAt = System.nanoTime();
        int failures = 0;
        int readFailures = 0;
        String refused = null;
        try {
            while (!stopping) {
                try {
                    Optional<Announcement> newer = newest(c);
                    readFailures = 0;
                    if (newer.isPresent()) {
                        candidates.clear();
                        candidates.add(newer.get());
                        failures = 0;
                        retryAt = System.nanoTime();
                        refused = null;
                    }
                    if (candidates.isEmpty() || System.nanoTime() - retryAt < 0) {
                        continue;
                    }
                    Announcement next = candidates.peekFirst();
                    String version = next.manifest().setVersion();
                    if (registry.servingVersion().filter(version::equals).isPresent()) {
                        candidates.clear(); // announced again while it serves
                        settled();
                        continue;
                    }
                    if (failures == 0) {
                        LOG.infof("loading model set %s (announced on %s at offset %d)", version, channel, next.offset());
                    }
                    try {
                        load(next);
                        if (failures > 0) {
                            LOG.infof("model set %s loaded after %d failed tries", version, failures);
                        }
                        if (refused != null) {
                            LOG.warnf("serving model set %s: the latest announcement was refused (%s)", version, refused);
                        }
                        candidates.clear();
                        failures = 0;
                        refused = null;
                        settled();
                    } catch (ModelLoadException e) {
                        if (e.reason() == ModelLoadException.Reason.CLOSED) {
                            return;
                        }
                        if (mayPass(e)) {
                            failures++;
                            Duration wait = reloadBackoff.delay(failures);
                            retryAt = System.nanoTime() + wait.toNanos();
                            pending = new PendingLoad(version, failures, e.getMessage());
                            metrics.modelSetLoadRetry();
                            metrics.modelSetPending(true);
                            if (Backoff.logged(failures)) {
                                LOG.warnf("model set %s cannot be loaded yet (try %d): %s; trying again in %d ms, %s",
                                        version, failures, e.getMessage(), wait.toMillis(), registry.servingVersion()
                                                .map(v -> "still serving " + v).orElse("nothing serves meanwhile"));
                            }
                        } else {
                            // refused for good (the registry said why): the serving set stays; older announcements
                            // are tried only while nothing serves (a worker starting after a bad announcement)
                            candidates.removeFirst();
                            if (registry.servingVersion().isPresent()) {
                                candidates.clear();
                            }
                            refused = refused == null ? e.getMessage() : refused;
                            failures = 0;
                            retryAt = System.nanoTime();
                            settled();
                        }
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // whatever reading or loading threw beyond that: never stop following, go on after a pause
                    if (stopping) {
                        return;
                    }
                    readFailures++;
                    Duration wait = reloadBackoff.delay(readFailures);
                    if (Backoff.logged(readFailures)) {
                        LOG.warnf("following model-set topic %s: %s; going on in %d ms", topic, e.toString(),
                                wait.toMillis());
                    }
                    if (stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close()
        } finally {
            c.close(Duration.ofSeconds(2));
        }
    }

    /** Nothing waits to be loaded again. */
    private void settled() {
        pending = null;
        metrics.modelSetPending(false);
    }

    /**
     * Whether a failed load may work when tried again: the manifest or a model file could not be fetched (the
     * object store unreachable or failing, the object not there yet). A set that was fetched and refused
     * (checksum, ONNX Runtime, contract, warm-up) fails the same way again.
     */
    static boolean mayPass(ModelLoadException e) {
        if (e.reason() != ModelLoadException.Reason.MANIFEST && e.reason() != ModelLoadException.Reason.MISSING_FILE) {
            return false;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private void skipped(SkippedAnnouncement skipped) {
        metrics.announcementSkipped();
    }

    private Optional<Announcement> newest(KafkaConsumer<byte[], byte[]> c) {
        Optional<Announcement> newest = Optional.empty();
        for (ConsumerRecord<byte[], byte[]> record : c.poll(Duration.ofMillis(200))) {
            Optional<Announcement> parsed = ModelSetAnnouncements.parse(record, channel, this::skipped);
            if (parsed.isPresent()) {
                newest = parsed;
            }
        }
        return newest;
    }

    private void load(Announcement announcement) {
        // the files are checked against the announcement, not only against the manifest beside them in the store
        registry.load(store, announcement.manifestKey(), announcement.manifest());
        metrics.servingModelSet(announcement.manifest().setVersion());
    }

    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null && thread != null) {
            c.wakeup();
            stopped.countDown(); // ends a pause between reads
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
