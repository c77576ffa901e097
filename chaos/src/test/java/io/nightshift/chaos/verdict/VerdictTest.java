package io.nightshift.chaos.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.chaos.verdict.Observations.KeyedDeadLetter;
import io.nightshift.chaos.verdict.Observations.PartitionOffsets;
import io.nightshift.chaos.verdict.Observations.Size;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verdict on observations of a small run: clean when every good job has its output, previews and DONE result and
 * every bad input its dead letter; each kind of failure the run must catch is caught and counted.
 */
class VerdictTest {
    private static final Instant T = Instant.parse("2026-12-05T12:00:00Z");

    /** A run of two good jobs and two bad inputs (a listed object and a record that never parsed), all as promised. */
    private static final class Run {
        final Map<String, Size> good = new LinkedHashMap<>();
        final Map<String, ErrorClass> bad = new LinkedHashMap<>();
        final List<Job> jobs = new ArrayList<>();
        final List<JobResult> results = new ArrayList<>();
        final List<KeyedDeadLetter> deadLetters = new ArrayList<>();
        final Map<String, Size> outputs = new LinkedHashMap<>();
        final Map<Integer, PartitionOffsets> offsets = new LinkedHashMap<>();

        Run() {
            for (String name : List.of("a.dng", "b.dng")) {
                Job job = job("job-" + name, "in/" + name);
                good.put(job.source().key(), new Size(1152, 864));
                jobs.add(job);
                results.add(result(job, JobStatus.DONE, null));
                outputs.put(job.output().key(), new Size(1152, 864));
                Verdict.PREVIEWS.forEach(suffix -> outputs.put(job.output().key() + suffix, null));
            }
            Job truncated = job("job-truncated", "in/bad/truncated.NEF");
            jobs.add(truncated);
            bad.put(truncated.jobId(), ErrorClass.DECODE_FAILED);
            results.add(result(truncated, JobStatus.FAILED, "DECODE_FAILED"));
            deadLetters.add(new KeyedDeadLetter(truncated.jobId(), letter(truncated, null, "DECODE_FAILED")));
            bad.put("chaos-malformed", ErrorClass.INVALID_MESSAGE);
            deadLetters.add(new KeyedDeadLetter("chaos-malformed",
                    letter(null, "{\"schemaVersion\": 1,".getBytes(StandardCharsets.UTF_8), "INVALID_MESSAGE")));
            offsets.put(0, new PartitionOffsets(2, 2));
            offsets.put(1, new PartitionOffsets(3, 3));
        }

        ChaosVerdict judge() {
            return Verdict.judge(new Observations(good, bad, jobs, results, deadLetters, outputs, offsets));
        }
    }

    static Job job(String id, String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return new Job(id, "batch-1", 1, new ObjectRef("nightshift-raw", key),
                new ObjectRef("nightshift-results", "out/" + name + ".jpg"), OutputFormat.JPEG, null, T);
    }

    static JobResult result(Job job, JobStatus status, String errorClass) {
        return new JobResult(job.jobId(), job.batchId(), job.attempt(), status, job.output().key(), Map.of(), "set-1",
                null, null, null, Map.of(), "w1", errorClass, errorClass == null ? null : "reason", T);
    }

    static DeadLetter letter(Job job, byte[] raw, String errorClass) {
        return new DeadLetter(job, raw, errorClass, "because", 1, "w1", T, null);
    }

    @Test
    void aRunThatKeptEveryPromiseIsClean() {
        ChaosVerdict verdict = new Run().judge();
        assertTrue(verdict.clean(3), verdict.problems().toString());
        assertEquals(2, verdict.outputsOk());
        assertEquals(2, verdict.badDeadLetteredCorrectly());
        assertEquals(List.of(), verdict.problems());
    }

    @Test
    void aMissingOutputIsALostJob() {
        Run run = new Run();
        run.outputs.remove("out/a.dng.jpg");
        ChaosVerdict verdict = run.judge();
        assertEquals(1, verdict.lost());
        assertEquals(List.of("job-a.dng"), verdict.lostIds());
        assertFalse(verdict.clean(3));
    }

    @Test
    void anOutputOfTheWrongSizeOrAMissingPreviewIsLost() {
        Run run = new Run();
        run.outputs.put("out/a.dng.jpg", new Size(1152, 860));
        run.outputs.remove("out/b.dng.jpg.input.jpg");
        ChaosVerdict verdict = run.judge();
        assertEquals(2, verdict.lost(), verdict.problems().toString());
    }

    @Test
    void aFailedLatestAttemptIsLostEvenWithAnOutputFromAnEarlierOne() {
        Run run = new Run();
        Job again = run.jobs.get(0).nextAttempt(T);
        run.jobs.add(again);
        run.results.add(result(again, JobStatus.FAILED, "INTERNAL"));
        ChaosVerdict verdict = run.judge();
        assertEquals(1, verdict.lost());
        assertEquals(2, verdict.maxAttempts());
    }

    @Test
    void aSourcePublishedTwiceIsADuplicate() {
        Run run = new Run();
        run.jobs.add(job("job-a-again", "in/a.dng"));
        ChaosVerdict verdict = run.judge();
        assertEquals(1, verdict.duplicates());
        assertFalse(verdict.clean(3));
    }

    @Test
    void aRedoneJobIsCountedButNotJudged() {
        Run run = new Run();
        run.results.add(result(run.jobs.get(0), JobStatus.DONE, null));
        ChaosVerdict verdict = run.judge();
        assertEquals(1, verdict.duplicateResults());
        assertTrue(verdict.clean(3));
    }

    @Test
    void anObjectNoJobOwnsIsStray() {
        Run run = new Run();
        run.outputs.put("out/nobody.jpg", new Size(10, 10));
        ChaosVerdict verdict = run.judge();
        assertEquals(1, verdict.strayObjects());
        assertFalse(verdict.clean(3));
    }

    @Test
    void aBadInputWithTheWrongClassOrNoDeadLetterIsNotCorrect() {
        Run run = new Run();
        run.deadLetters.set(0, new KeyedDeadLetter("job-truncated",
                letter(run.jobs.get(2), null, "INTERNAL")));
        run.deadLetters.remove(1);
        ChaosVerdict verdict = run.judge();
        assertEquals(0, verdict.badDeadLetteredCorrectly());
        assertEquals(2, verdict.problems().size(), verdict.problems().toString());
    }

    @Test
    void aGoodJobDeadLetteredIsCounted() {
        Run run = new Run();
        run.deadLetters.add(new KeyedDeadLetter("job-a.dng", letter(run.jobs.get(0), null, "CRASHED_WORKER")));
        ChaosVerdict verdict = run.judge();
        assertEquals(1, verdict.goodDeadLettered());
        assertFalse(verdict.clean(3));
    }

    @Test
    void offsetsShortOfTheEndAndTooManyAttemptsFail() {
        Run run = new Run();
        run.offsets.put(1, new PartitionOffsets(2, 3));
        assertFalse(run.judge().offsetsAtEnd());
        Run tries = new Run();
        tries.deadLetters.set(0, new KeyedDeadLetter("job-truncated",
                new DeadLetter(tries.jobs.get(2), null, "DECODE_FAILED", "x", 4, "w1", T, null)));
        assertEquals(4, tries.judge().maxAttempts());
        assertFalse(tries.judge().clean(3));
    }
}
