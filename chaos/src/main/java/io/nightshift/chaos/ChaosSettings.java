package io.nightshift.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a chaos run is sized.
 *
 * @param home        the checkout (packaged services, {@code models/default})
 * @param samples     the real camera samples ({@code ../shared/raw-samples})
 * @param darkFrames  dark windows made as good jobs (the three real samples come on top)
 * @param workers     workers started at the beginning (one more starts while the broker is down)
 * @param storeFault  how long each fault of the store lasts
 * @param brokerDown  how long the broker stays stopped
 * @param finishWithin how long the fleet has, after the last fault, to commit the whole jobs topic
 * @param topUpBelow  uncommitted jobs under which another batch is added before a fault ({@link Backlog})
 * @param topUpFrames dark frames in each batch added
 */
public record ChaosSettings(Path home, Path samples, int darkFrames, int workers, Duration storeFault,
                            Duration brokerDown, Duration finishWithin, int topUpBelow, int topUpFrames) {

    /** The most attempts (job records, worker tries) any job may reach in a run: the fleet's crash limit. */
    public static final int ATTEMPT_BOUND = 3;

    /**
     * The run inside {@code ./nightshift test}: every fault and every bad input, the fault windows the issue sets
     * (10 s per store fault, 20 s of broker down), but 40 dark frames instead of 200; the {@link Backlog} adds
     * frames before a fault when the fleet has drained the batch.
     */
    public static ChaosSettings reduced(Path home) {
        return of(home, 40, 3);
    }

    private static ChaosSettings of(Path home, int dark, int workers) {
        return new ChaosSettings(home, home.resolve("../shared/raw-samples").normalize(), dark, workers,
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMinutes(12), 12, 24);
    }

    public static ChaosSettings parse(Path home, String[] args) {
        int dark = 200;
        int workers = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> dark = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: nightshift chaos [--jobs N] [--workers N]");
            }
        }
        if (workers < 3 || dark < 1) {
            throw new IllegalArgumentException("at least 3 workers and 1 job");
        }
        return of(home, dark, workers);
    }
}
