package io.nightshift.protocol;

/** Why a job failed. A fixed set: dashboards, alerts and retry policies key on it. */
public enum ErrorClass {
    /** The job message is not valid protocol v1 (unparseable, a field missing or malformed). */
    INVALID_MESSAGE,
    /** The source object does not exist (or vanished between listing and download). */
    OBJECT_MISSING,
    /** A bucket or key outside what the worker is allowed to read or write, or a hostile key. */
    KEY_NOT_ALLOWED,
    /** The source object or its decoded image exceeds the configured limits. */
    TOO_LARGE,
    /** The RAW file could not be decoded (corrupt, truncated, not a RAW file). */
    DECODE_FAILED,
    /** A RAW file from a sensor the model contract does not cover (X-Trans, Foveon, linear DNG). */
    UNSUPPORTED_SENSOR,
    /** No usable model set is loaded. */
    MODEL_UNAVAILABLE,
    /** The job took a worker process down more often than the configured limit. */
    CRASHED_WORKER,
    /** Anything else: a bug or an environment failure that retries did not cure. */
    INTERNAL
}
