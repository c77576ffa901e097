package io.nightshift.chaos.verdict;

import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import java.util.List;
import java.util.Map;

/**
 * What a chaos run's verdict is judged on, all read from outside the processes.
 *
 * @param good          the good inputs: source key → the output size it must have
 * @param bad           the bad inputs: their id (the job id for a listed object, the record key for a record sent
 *                      straight to the topic) → the error class expected
 * @param jobs          every job record on the jobs topic that parsed
 * @param results       every result event
 * @param deadLetters   every dead letter, with its record key
 * @param outputs       every object under the run's output prefix → its decoded size, or {@code null} when it does
 *                      not decode (previews are listed, not decoded)
 * @param offsets       per partition of the jobs topic: committed offset of the workers' group and end offset
 */
public record Observations(Map<String, Size> good, Map<String, ErrorClass> bad, List<Job> jobs,
                           List<JobResult> results, List<KeyedDeadLetter> deadLetters, Map<String, Size> outputs,
                           Map<Integer, PartitionOffsets> offsets) {

    /** An image's width and height. */
    public record Size(int width, int height) {
        boolean matchesEitherWay(Size other) {
            return other != null && (equals(other) || (width == other.height && height == other.width));
        }
    }

    /** A dead letter and the key of its record (the job id, or the unparsed record's own key). */
    public record KeyedDeadLetter(String recordKey, DeadLetter deadLetter) {
        /** The id the verdict files it under: its job's id when it carries the job, else the record key. */
        public String id() {
            return deadLetter.job() != null ? deadLetter.job().jobId() : recordKey;
        }
    }

    /** The workers' committed offset and the end offset of one partition of the jobs topic. */
    public record PartitionOffsets(long committed, long end) {
        boolean atEnd() {
            return committed >= end;
        }
    }
}
