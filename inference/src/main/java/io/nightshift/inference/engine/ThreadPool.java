package io.nightshift.inference.engine;

/**
 * Whose threads a session's operators run on. A worker holds several sessions at once — the enhancer and the ratio
 * CNN, and during a hot reload the old set's beside the new one's — and with a pool per session each brings its own
 * intra-op threads, so that two sessions running at once ask the cores for twice as many threads as there are.
 */
public enum ThreadPool {
    /** Each session its own intra-op pool of {@link EngineConfig#intraOpThreads} threads (ONNX Runtime's default). */
    PER_SESSION,
    /**
     * One intra-op pool of {@link EngineConfig#intraOpThreads} threads in the process's ONNX Runtime environment,
     * shared by every session ({@link OrtRuntime}); sized once, by the first engine of the process.
     */
    SHARED;

    public static ThreadPool fromSetting(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "shared" -> SHARED;
            case "per-session" -> PER_SESSION;
            default -> throw new IllegalArgumentException("the engine's thread pool must be shared or per-session, got '"
                    + value + "'");
        };
    }
}
