package io.nightshift.worker.failure;

import java.util.Locale;
import java.util.Optional;

/**
 * The inference engine could not allocate what a job needs (ONNX Runtime's "Failed to allocate memory", an arena
 * limit, CUDA out of memory): the environment's, not the job's. The job is held uncharged and run again from its
 * download (its input was built in place and cannot be reused); the worker reports it as an environment failure.
 */
public final class EngineExhausted extends RuntimeException {

    private static final String[] SIGNS = {"failed to allocate", "bad_alloc", "bad allocation", "out of memory",
            "alloc_failed", "cudaerrormemoryallocation", "available memory"};

    public EngineExhausted(String message, Throwable cause) {
        super(message, cause);
    }

    /** The engine failure {@code e} as an exhaustion, when some error in its chain says the engine ran out. */
    public static Optional<EngineExhausted> of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            for (String sign : SIGNS) {
                if (message.contains(sign) && !(t instanceof OutOfMemoryError)) {
                    String first = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                    return Optional.of(new EngineExhausted(first, e));
                }
            }
        }
        return Optional.empty();
    }
}
