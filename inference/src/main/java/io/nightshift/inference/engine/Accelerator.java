package io.nightshift.inference.engine;

/** Where the engine asks ONNX Runtime to run the networks. */
public enum Accelerator {
    /** CPU execution provider only. */
    CPU,
    /** CUDA when the ONNX Runtime build and the machine offer it, otherwise CPU with a logged warning. */
    CUDA_PREFERRED,
    /** CUDA or nothing: loading fails with {@link GpuUnavailableException} when CUDA cannot be used. */
    CUDA_REQUIRED
}
