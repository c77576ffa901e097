package io.nightshift.protocol;

/** The outcome of one job attempt. */
public enum JobStatus {
    DONE, FAILED
}
