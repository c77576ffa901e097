package io.nightshift.chaos;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.nightshift.chaos.faults.FaultInjector;
import io.nightshift.chaos.inputs.GoodFrames;
import io.nightshift.chaos.inputs.GoodInput;
import io.nightshift.chaos.verdict.Observations;
import io.nightshift.chaos.verdict.VerdictReader;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.Topic;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps work on the jobs topic while the faults run: before each fault, when fewer than {@code low} jobs are left
 * uncommitted by the workers' group, another batch of {@code size} dark frames is put under a prefix of its own and
 * dispatched, so that the fault meets jobs in flight however fast the fleet drained the first batch. A small run
 * (the one inside {@code ./nightshift test}) thus evidences every fault; the frames added are judged like the others.
 */
final class Backlog implements FaultInjector.WorkSupply {

    /** Dispatches a prefix as a batch and waits until it is sealed; its job count. */
    interface Batches {
        int submitSealed(String prefix, String outputPrefix, String requestId, int objects) throws Exception;
    }

    private final MinioClient s3;
    private final VerdictReader reader;
    private final Path samples;
    private final Batches batches;
    private final Map<String, String> jobOfKey;
    private final int low;
    private final int size;
    private final Consumer<String> say;
    private final List<GoodInput> added = new ArrayList<>();
    private int topUps;

    /**
     * @param jobOfKey updated with the jobs of every batch added (source and output key → job id)
     * @param low      uncommitted jobs under which a batch is added
     * @param size     dark frames per batch added
     */
    Backlog(MinioClient s3, VerdictReader reader, Path samples, Batches batches, Map<String, String> jobOfKey,
            int low, int size, Consumer<String> say) {
        this.s3 = s3;
        this.reader = reader;
        this.samples = samples;
        this.batches = batches;
        this.jobOfKey = jobOfKey;
        this.low = low;
        this.size = size;
        this.say = say;
    }

    @Override
    public void keepBusy() throws Exception {
        long left = uncommitted();
        if (left < low) {
            add("only " + left + " jobs left uncommitted");
        }
    }

    @Override
    public void addWork() throws Exception {
        add(uncommitted() + " jobs uncommitted but none to hit");
    }

    private void add(String why) throws Exception {
        topUps++;
        String prefix = String.format(Locale.ROOT, "chaos/more-%02d/", topUps);
        List<GoodInput> frames = GoodFrames.dark(samples, prefix, size, 1000L + topUps);
        for (GoodInput frame : frames) {
            s3.putObject(PutObjectArgs.builder().bucket(ChaosRun.RAW).object(frame.key())
                    .stream(new ByteArrayInputStream(frame.bytes()), (long) frame.bytes().length, -1L).build());
        }
        String outputPrefix = String.format(Locale.ROOT, "%smore-%02d/", ChaosRun.OUT, topUps);
        int jobs = batches.submitSealed(prefix, outputPrefix, "chaos-more-" + topUps + "-" + System.nanoTime(), size);
        for (Job job : reader.jobs(Topic.JOBS.topicName())) {
            jobOfKey.put(job.source().key(), job.jobId());
            jobOfKey.put(job.output().key(), job.jobId());
        }
        added.addAll(frames);
        say.accept(why + ": added " + jobs + " dark frames under s3://" + ChaosRun.RAW + "/" + prefix
                + " so that the next fault meets work in flight");
    }

    /** The good inputs added so far. */
    List<GoodInput> added() {
        return List.copyOf(added);
    }

    int topUps() {
        return topUps;
    }

    private long uncommitted() {
        Map<Integer, Observations.PartitionOffsets> offsets = reader.offsets(ChaosRun.WORKER_GROUP,
                Topic.JOBS.topicName());
        return offsets.values().stream().mapToLong(o -> Math.max(0, o.end() - o.committed())).sum();
    }
}
