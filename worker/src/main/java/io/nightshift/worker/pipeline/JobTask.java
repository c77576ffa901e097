package io.nightshift.worker.pipeline;

import io.nightshift.contract.PlanarImage;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.RatioSource;
import io.nightshift.protocol.Stage;
import io.nightshift.raw.RawMetadata;
import io.nightshift.raw.pack.PackBuffers;
import io.nightshift.raw.pack.PackedRaw;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One job on its way through the stages. Each field is written by one stage and read by later ones; the
 * hand-over between stage threads goes through the futures that chain them (happens-before), so no field
 * needs to be volatile. Large intermediates are dropped as soon as the next stage has used them.
 */
final class JobTask {
    final ConsumerRecord<String, byte[]> record;
    final long startNanos = System.nanoTime();
    final Map<Stage, Long> nanos = new EnumMap<>(Stage.class);

    Job job;
    /** Its partition was revoked: it stops at its next stage boundary unless {@link #uploading}. */
    volatile boolean givenUp;
    /** The upload stage has begun: it finishes even when its partition is revoked. */
    volatile boolean uploading;
    int crashes;
    /** Stage deadlines this job and attempt ran past before ({@code StageTimeouts}). */
    int timeouts;
    /** Times the engine could not allocate for it (held and run again from the download). */
    int engineHolds;
    /** Workers that died while this job and attempt was in flight on them (their markers). */
    int deaths;
    /** When screening first found the deaths at the limit (nanoTime; 0: not yet): see JobPipeline.DEATH_RECHECK. */
    long deathLimitSeenAt;
    /** In flight at a death before: runs alone ({@link Isolation}). */
    boolean suspect;
    /** Admitted by the isolation gate: it must be released. */
    boolean admitted;
    /** This process's in-flight marker, once the job runs. */
    io.nightshift.worker.storage.CrashLedger.Running running;
    byte[] source;

    RawMetadata metadata;
    PackedRaw packed;
    PackBuffers buffers;
    PlanarImage previewSource;
    InputPreview.PackedGeometry geometry;

    PlanarImage rgb;
    OutputStage.Display display;
    boolean enhancerInputBuilt;
    double ratio;
    RatioSource ratioSource;
    String modelSet;

    byte[] output;
    byte[] resultPreview;
    byte[] inputPreview;
    Map<String, String> previewKeys = Map.of();
    /** Where an unparsed record's bytes went when its dead letter could not carry them. */
    io.nightshift.protocol.StoredPayload storedPayload;

    JobTask(ConsumerRecord<String, byte[]> record) {
        this.record = record;
    }

    /** Back to the state before the download: the job runs again from there (the frame is released already). */
    void forgetFrame() {
        source = null;
        metadata = null;
        packed = null;
        previewSource = null;
        geometry = null;
        rgb = null;
        display = null;
        enhancerInputBuilt = false;
    }

    void add(Stage stage, long elapsedNanos) {
        nanos.merge(stage, elapsedNanos, Long::sum);
    }

    Map<Stage, Long> stageMs() {
        Map<Stage, Long> ms = new EnumMap<>(Stage.class);
        nanos.forEach((stage, n) -> ms.put(stage, n / 1_000_000));
        return ms;
    }

    String describe() {
        return job != null ? "job " + job.jobId() + " attempt " + job.attempt()
                : "record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                        + (record.key() == null ? "" : " (key " + (record.key().length() <= 128 ? record.key()
                        : record.key().substring(0, 127) + "…") + ")");
    }
}
