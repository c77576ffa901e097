package io.nightshift.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a job failed. A fixed set: dashboards, alerts and retry policies key on it.
 *
 * <p>Each class also says whether replaying a dead letter of it ({@code ./nightshift dead-letters replay}) can come
 * out differently once somebody has fixed something outside the job: {@link #replayableByDefault()}. The
 * environment and internal classes can (a model set published, an object restored, a bug fixed, a crashing
 * dependency replaced), so they are replayed on request; the poison classes fail the same way on the same input,
 * so they are replayed only when forced. A class this version does not know (a later protocol addition) counts
 * as not replayable without force ({@link #replayableByDefault(String)}).
 */
public enum ErrorClass {
    /** The job message is not valid protocol v1 (unparseable, a field missing or malformed). */
    INVALID_MESSAGE(false),
    /** The source object does not exist (or vanished between listing and download). Replayable: it may be restored. */
    OBJECT_MISSING(true),
    /** A bucket or key outside what the worker is allowed to read or write, or a hostile key. */
    KEY_NOT_ALLOWED(false),
    /** The source object or its decoded image exceeds the configured limits. */
    TOO_LARGE(false),
    /** The RAW file could not be decoded (corrupt, truncated, not a RAW file). */
    DECODE_FAILED(false),
    /** A RAW file from a sensor the model contract does not cover (X-Trans, Foveon, linear DNG). */
    UNSUPPORTED_SENSOR(false),
    /** No usable model set is loaded. Replayable: publishing one fixes it. */
    MODEL_UNAVAILABLE(true),
    /** The job took a worker process down more often than the configured limit. Replayable: after the fix. */
    CRASHED_WORKER(true),
    /** Anything else: a bug or an environment failure that retries did not cure. Replayable: after the fix. */
    INTERNAL(true);

    private final boolean replayableByDefault;

    ErrorClass(boolean replayableByDefault) {
        this.replayableByDefault = replayableByDefault;
    }

    /**
     * Whether a dead letter of this class is replayed without force: true for the classes a fix outside the job
     * can change ({@code INTERNAL}, {@code MODEL_UNAVAILABLE}, {@code CRASHED_WORKER}, {@code OBJECT_MISSING}),
     * false for the poison ones, which fail the same way again on the same input.
     */
    public boolean replayableByDefault() {
        return replayableByDefault;
    }

    /** {@link #replayableByDefault()} of the class with this wire name; false for a name this version does not know. */
    public static boolean replayableByDefault(String wireName) {
        return byWireName(wireName).map(ErrorClass::replayableByDefault).orElse(false);
    }

    /** The class with this wire name (its exact constant name); empty for a name this version does not know. */
    public static Optional<ErrorClass> byWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.name().equals(wireName)).findFirst();
    }
}
