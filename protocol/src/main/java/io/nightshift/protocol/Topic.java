package io.nightshift.protocol;

import java.time.Duration;

/**
 * The Kafka topics of the fleet, with the key each record carries and why, and the defaults the local
 * stack creates them with. Production clusters may use other names by configuration; these are the
 * defaults every module starts from.
 */
public enum Topic {
    /** One record per job. Keyed by job id: ids are random, so jobs spread evenly over partitions, and a
     * retried job lands on the same partition as its earlier attempts. */
    JOBS("nightshift.jobs", 6, false, Duration.ofDays(7), "jobId"),
    /** One result event per finished attempt (DONE or FAILED). Keyed by job id, so all attempts of one job
     * stay in order on one partition and "the latest attempt wins" is decided in order. */
    RESULTS("nightshift.results", 3, false, Duration.ofDays(7), "jobId"),
    /** Poison jobs with their reason. Keyed by job id, or by the original record's key when the job could
     * not be parsed. Kept long: every entry is a failure somebody has to look at. */
    DEAD_LETTERS("nightshift.dead-letters", 3, false, Duration.ofDays(30), "jobId"),
    /** Model-set announcements. Compacted, keyed by the model-set channel ({@code default}): the latest
     * announcement per channel survives for workers that start later; announcing an older set rolls back. */
    MODEL_SETS("nightshift.model-sets", 1, true, null, "channel"),
    /** Per-batch progress snapshots. Compacted, keyed by batch id: the latest state of every batch
     * survives a dispatcher restart. */
    BATCH_STATUS("nightshift.batch-status", 3, true, null, "batchId"),
    /** S3 event records that MinIO publishes through its Kafka notification target. Keyed by MinIO as
     * {@code bucket/object}. Short retention: an event is turned into a job or ignored within seconds. */
    BUCKET_EVENTS("nightshift.bucket-events", 3, false, Duration.ofDays(1), "bucket/object");

    private final String topicName;
    private final int defaultPartitions;
    private final boolean compacted;
    private final Duration retention;
    private final String key;

    Topic(String topicName, int defaultPartitions, boolean compacted, Duration retention, String key) {
        this.topicName = topicName;
        this.defaultPartitions = defaultPartitions;
        this.compacted = compacted;
        this.retention = retention;
        this.key = key;
    }

    /** The default topic name. */
    public String topicName() {
        return topicName;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    /** Whether the topic is log-compacted (latest record per key kept forever) rather than time-retained. */
    public boolean compacted() {
        return compacted;
    }

    /** Time retention of a non-compacted topic; {@code null} for compacted topics. */
    public Duration retention() {
        return retention;
    }

    /** What the record key holds. */
    public String key() {
        return key;
    }
}
