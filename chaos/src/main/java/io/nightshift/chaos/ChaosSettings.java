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
 */
public record ChaosSettings(Path home, Path samples, int darkFrames, int workers, Duration storeFault,
                            Duration brokerDown, Duration finishWithin) {

    /** The most attempts (job records, worker tries) any job may reach in a run: the fleet's crash limit. */
    public static final int ATTEMPT_BOUND = 3;

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
        return new ChaosSettings(home, home.resolve("../shared/raw-samples").normalize(), dark, workers,
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMinutes(12));
    }
}
