package io.nightshift.worker.storage;

import io.nightshift.protocol.ObjectRef;

/**
 * The object store answered and refused an operation with an S3 error code that no retry of the same request
 * changes (AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch, ExpiredToken, RequestTimeTooSkewed,
 * NoSuchBucket…). Whether that is the job's fault or the environment's is not the store's to say: the pipeline asks
 * a location the worker owns ({@code OwnLocationCheck}) — if that fails too, the worker's credentials, clock or own
 * bucket are wrong and the job is held; if not, the job's own source or output is refused.
 */
public final class StoreRefused extends RuntimeException {

    private final String operation;
    private final ObjectRef ref;
    private final String code;
    private final int status;

    public StoreRefused(String operation, ObjectRef ref, String code, int status, Throwable cause) {
        super(operation + " " + ref + " refused: " + code + " (HTTP " + status + ")", cause);
        this.operation = operation;
        this.ref = ref;
        this.code = code;
        this.status = status;
    }

    /** {@code stat}, {@code get}, {@code put}, {@code remove}, {@code list}. */
    public String operation() {
        return operation;
    }

    public ObjectRef ref() {
        return ref;
    }

    /** The S3 error code ({@code AccessDenied}, {@code NoSuchBucket}…). */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Whether the refused operation wrote (an output the worker could not write). */
    public boolean writing() {
        return "put".equals(operation);
    }
}
