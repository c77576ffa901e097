package io.nightshift.protocol;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Why a job failed. Dashboards, alerts and retry policies key on it.
 *
 * <p>The set grows within protocol v1: readers from this version on accept a class they do not know as long as
 * its name is well formed ({@link #isWellFormedName}): the record is read, a FAILED result counts as failed, and
 * the name is kept and shown as text ({@code JobResult.errorClass}, {@code DeadLetter.errorClass} are wire names).
 * A writer may use a class only once every reader of its topics accepts unknown classes; readers older than
 * {@link #STAGE_TIMEOUT} and {@link #OUTPUT_NOT_WRITABLE} refuse any class they do not know.
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
    INTERNAL(true),
    /**
     * A stage of the job ran longer than the worker's limit for it (a download that stalls, a decode or inference
     * that never returns) and was given up. Replayable: usually the environment (an overloaded node, a stuck
     * connection), not the input. Added to v1 on 2026-12-05; readers before that refuse it.
     */
    STAGE_TIMEOUT(true),
    /**
     * The object store refused to write the output although it lies where outputs may go (access denied, the
     * bucket gone, a quota): the environment's fault, not the job's. Replayable: once the bucket or its
     * permissions are fixed. Added to v1 on 2026-12-05; readers before that refuse it.
     */
    OUTPUT_NOT_WRITABLE(true);

    /** What a well-formed error class name is, this version's or a later one's. */
    public static final String NAME_RULE = "an upper-case name of 1-64 of A-Z, 0-9 and _, starting with a letter";

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final boolean replayableByDefault;

    ErrorClass(boolean replayableByDefault) {
        this.replayableByDefault = replayableByDefault;
    }

    /**
     * Whether a dead letter of this class is replayed without force: true for the classes a fix outside the job
     * can change ({@code INTERNAL}, {@code MODEL_UNAVAILABLE}, {@code CRASHED_WORKER}, {@code OBJECT_MISSING},
     * {@code STAGE_TIMEOUT}, {@code OUTPUT_NOT_WRITABLE}),
     * false for the poison ones, which fail the same way again on the same input.
     */
    public boolean replayableByDefault() {
        return replayableByDefault;
    }

    /** {@link #replayableByDefault()} of the class with this wire name; false for a name this version does not know. */
    public static boolean replayableByDefault(String wireName) {
        return byWireName(wireName).map(ErrorClass::replayableByDefault).orElse(false);
    }

    /**
     * Whether {@code wireName} can be an error class, of this version or a later one ({@value #NAME_RULE}):
     * what readers accept in an {@code errorClass} field.
     */
    public static boolean isWellFormedName(String wireName) {
        return wireName != null && NAME.matcher(wireName).matches();
    }

    /** The class with this wire name (its exact constant name); empty for a name this version does not know. */
    public static Optional<ErrorClass> byWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.name().equals(wireName)).findFirst();
    }
}
