package io.nightshift.inference.engine;

import ai.onnxruntime.OrtException;

/** ONNX Runtime failed to load or run a model; carries the runtime's error code. */
public final class InferenceException extends RuntimeException {

    private final OrtException.OrtErrorCode code;

    public InferenceException(String message, OrtException cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.code = cause.getCode();
    }

    /** ONNX Runtime's error code. */
    public OrtException.OrtErrorCode code() {
        return code;
    }
}
