package io.nightshift.chaos.verdict;

import io.nightshift.chaos.verdict.Observations.KeyedDeadLetter;
import io.nightshift.chaos.verdict.Observations.Size;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges what a chaos run observed: every good job exactly one complete output, its previews and a DONE latest
 * result; nothing under keys no job owns; every bad input dead-lettered with its class; no good job dead-lettered;
 * attempts bounded; the committed offsets at the end of the jobs topic. A pure function of {@link Observations}.
 */
public final class Verdict {
    /** The preview suffixes a DONE job writes beside its output. */
    public static final List<String> PREVIEWS = List.of(".preview.jpg", ".input.jpg");

    private Verdict() {
    }

    public static ChaosVerdict judge(Observations seen) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Job>> jobsBySource = new HashMap<>();
        Map<String, Job> jobsById = new HashMap<>();
        int maxAttempts = 0;
        for (Job job : seen.jobs()) {
            jobsById.merge(job.jobId(), job, (a, b) -> a.attempt() >= b.attempt() ? a : b);
            maxAttempts = Math.max(maxAttempts, job.attempt());
        }
        for (Job job : jobsById.values()) {
            jobsBySource.computeIfAbsent(job.source().key(), k -> new ArrayList<>()).add(job);
        }
        Map<String, JobResult> latest = new HashMap<>();
        Map<String, Integer> doneRuns = new HashMap<>();
        for (JobResult result : seen.results()) {
            latest.merge(result.jobId(), result, (a, b) -> b.attempt() >= a.attempt() ? b : a);
            if (result.status() == JobStatus.DONE) {
                doneRuns.merge(result.jobId() + "#" + result.attempt(), 1, Integer::sum);
            }
        }
        int duplicateResults = doneRuns.values().stream().mapToInt(n -> n - 1).sum();
        Map<String, KeyedDeadLetter> deadLetters = new HashMap<>();
        for (KeyedDeadLetter letter : seen.deadLetters()) {
            deadLetters.merge(letter.id(), letter,
                    (a, b) -> b.deadLetter().at().isBefore(a.deadLetter().at()) ? a : b);
            maxAttempts = Math.max(maxAttempts, letter.deadLetter().attempts());
        }

        Set<String> owned = new HashSet<>();
        for (Job job : jobsById.values()) {
            owned.add(job.output().key());
            PREVIEWS.forEach(suffix -> owned.add(job.output().key() + suffix));
        }

        int outputsOk = 0;
        int duplicates = 0;
        int goodDeadLettered = 0;
        List<String> lost = new ArrayList<>();
        Set<String> goodIds = new HashSet<>();
        for (Map.Entry<String, Size> good : new java.util.TreeMap<>(seen.good()).entrySet()) {
            List<Job> jobs = jobsBySource.getOrDefault(good.getKey(), List.of());
            if (jobs.size() > 1) {
                duplicates += jobs.size() - 1;
                problems.add("good source " + good.getKey() + " was published as " + jobs.size() + " jobs");
            }
            if (jobs.isEmpty()) {
                lost.add(good.getKey());
                problems.add("good source " + good.getKey() + " never became a job");
                continue;
            }
            Job job = jobs.stream().max(Comparator.comparing(Job::jobId)).orElseThrow();
            jobs.forEach(j -> goodIds.add(j.jobId()));
            String why = missing(job, good.getValue(), latest.get(job.jobId()), seen.outputs());
            if (deadLetters.containsKey(job.jobId())) {
                goodDeadLettered++;
                KeyedDeadLetter letter = deadLetters.get(job.jobId());
                problems.add("good job " + job.jobId() + " (" + good.getKey() + ") dead-lettered "
                        + letter.deadLetter().errorClass() + ": " + letter.deadLetter().reason());
            }
            if (why == null) {
                outputsOk++;
            } else {
                lost.add(job.jobId());
                problems.add("good job " + job.jobId() + " (" + good.getKey() + "): " + why);
            }
        }

        int badCorrect = 0;
        for (Map.Entry<String, ErrorClass> bad : new java.util.TreeMap<>(seen.bad()).entrySet()) {
            KeyedDeadLetter letter = deadLetters.get(bad.getKey());
            Job job = jobsById.get(bad.getKey());
            boolean output = job != null && seen.outputs().containsKey(job.output().key());
            if (letter == null) {
                problems.add("bad input " + bad.getKey() + " has no dead letter (expected " + bad.getValue() + ")");
            } else if (!letter.deadLetter().errorClass().equals(bad.getValue().name())) {
                problems.add("bad input " + bad.getKey() + " dead-lettered " + letter.deadLetter().errorClass()
                        + " (expected " + bad.getValue() + "): " + letter.deadLetter().reason());
            } else if (output) {
                problems.add("bad input " + bad.getKey() + " has an output " + job.output().key());
            } else {
                badCorrect++;
            }
        }

        Set<String> stray = new TreeSet<>();
        for (String key : seen.outputs().keySet()) {
            if (!owned.contains(key)) {
                stray.add(key);
            }
        }
        stray.forEach(key -> problems.add("stray object " + key + ": no job owns it"));

        boolean atEnd = !seen.offsets().isEmpty()
                && seen.offsets().values().stream().allMatch(Observations.PartitionOffsets::atEnd);
        seen.offsets().forEach((partition, offsets) -> {
            if (!offsets.atEnd()) {
                problems.add("jobs partition " + partition + " committed " + offsets.committed() + " of "
                        + offsets.end());
            }
        });
        if (seen.offsets().isEmpty()) {
            problems.add("no committed offsets read");
        }
        Set<String> ids = new HashSet<>(jobsById.keySet());
        ids.addAll(seen.bad().keySet());
        return new ChaosVerdict(ids.size(), seen.good().size(), outputsOk, lost.size(), List.copyOf(lost),
                goodDeadLettered, seen.bad().size(), badCorrect, stray.size(), duplicates, duplicateResults,
                maxAttempts, atEnd, List.copyOf(problems));
    }

    /** Why a good job does not count as done, or {@code null} when it does. */
    private static String missing(Job job, Size size, JobResult latest, Map<String, Size> outputs) {
        if (latest == null) {
            return "no result";
        }
        if (latest.status() != JobStatus.DONE) {
            return "latest result (attempt " + latest.attempt() + ") is " + latest.status() + " "
                    + latest.errorClass() + ": " + latest.reason();
        }
        String key = job.output().key();
        if (!outputs.containsKey(key)) {
            return "no output at " + key;
        }
        Size decoded = outputs.get(key);
        if (decoded == null) {
            return "output " + key + " does not decode";
        }
        if (!size.matchesEitherWay(decoded)) {
            return "output " + key + " is " + decoded.width() + "x" + decoded.height() + ", expected "
                    + size.width() + "x" + size.height();
        }
        for (String suffix : PREVIEWS) {
            if (!outputs.containsKey(key + suffix)) {
                return "no preview " + key + suffix;
            }
        }
        return null;
    }
}
