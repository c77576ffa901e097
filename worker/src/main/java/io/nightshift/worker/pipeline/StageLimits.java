package io.nightshift.worker.pipeline;

import java.time.Duration;

/**
 * The deadlines of the stages that run native code, scaled by the frame: a decode may take {@code base} plus
 * {@code decodePerMegabyte} for each megabyte of the source, an inference {@code base} plus
 * {@code inferPerMegapixel} for each megapixel of the frame.
 */
public record StageLimits(Duration base, Duration decodePerMegabyte, Duration inferPerMegapixel) {

    Duration decode(long sourceBytes) {
        return base.plus(scaled(decodePerMegabyte, sourceBytes / 1e6));
    }

    Duration infer(long pixels) {
        return base.plus(scaled(inferPerMegapixel, pixels / 1e6));
    }

    private static Duration scaled(Duration per, double units) {
        return Duration.ofMillis((long) Math.ceil(per.toMillis() * units));
    }
}
