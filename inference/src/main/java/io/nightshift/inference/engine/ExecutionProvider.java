package io.nightshift.inference.engine;

/** The execution provider a session actually got. */
public enum ExecutionProvider {
    CPU,
    CUDA
}
