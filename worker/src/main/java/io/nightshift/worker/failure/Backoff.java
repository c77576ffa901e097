package io.nightshift.worker.failure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for retrying what the environment refused outside any job (the worker's start,
 * a model-set load): the first wait is {@code initial}, each further one doubles up to {@code max}, and each is
 * drawn between half and all of that, so that a fleet restarting at once does not retry in step.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** How long to wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration delay(int failures) {
        long initialMs = Math.max(1, initial.toMillis());
        long capped = Math.min(max.toMillis(), initialMs << Math.min(20, Math.max(0, failures - 1)));
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** Whether a retry is logged: the first and every tenth, so that a long outage is visible but not loud. */
    public static boolean logged(int failures) {
        return failures == 1 || failures % 10 == 0;
    }
}
