package io.nightshift.inference.engine;

/**
 * The configuration requires a GPU ({@link Accelerator#CUDA_REQUIRED}) and ONNX Runtime cannot give
 * one: a worker so configured must not quietly run on CPU.
 */
public final class GpuUnavailableException extends RuntimeException {

    public GpuUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
