package io.nightshift.inference.registry;

import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.engine.EnhancerSession;
import java.util.Arrays;

/**
 * Times a set's FP32 and INT8 enhancers on the same tile in this process, on this CPU, and says which is faster:
 * how {@code auto} knows whether the INT8 enhancer pays here (VNNI or not, the threads the engine has, the other
 * load on the machine). One untimed run each, then {@value #ROUNDS} interleaved timed runs each (FP32, INT8, FP32,
 * …); the medians decide. Bounded: 2 × ({@value #ROUNDS} + 1) runs of the registry's warm-up tile (256 × 256
 * packed by default; the default U-Net's FP32 run of such a tile took ~0.2 s on 2 threads here), once per set
 * load, beside the validation runs every load does anyway.
 *
 * @param fp32Millis median FP32 time of one tile
 * @param int8Millis median INT8 time of one tile
 */
public record EnhancerRace(double fp32Millis, double int8Millis) {

    static final int ROUNDS = 3;

    /** Runs the race on a {@code side × side} packed tile of a constant dark-scene level. */
    public static EnhancerRace run(EnhancerSession fp32, EnhancerSession int8, int side) {
        if (fp32.contract() != int8.contract()) {
            throw new IllegalStateException("the FP32 enhancer is " + fp32.contract().key() + " and the INT8 one "
                    + int8.contract().key() + ": one set's enhancers share a contract");
        }
        PlanarImage tile = PlanarImage.zeros(fp32.inputChannels(), side, side);
        Arrays.fill(tile.data(), 0.1f);
        fp32.run(tile);
        int8.run(tile);
        double[] f = new double[ROUNDS];
        double[] q = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            f[i] = millis(fp32, tile);
            q[i] = millis(int8, tile);
        }
        return new EnhancerRace(median(f), median(q));
    }

    /** Whether the INT8 enhancer won (strictly faster; a tie keeps FP32, the exact one). */
    public boolean int8Wins() {
        return int8Millis < fp32Millis;
    }

    /** FP32 time over INT8 time. */
    public double speedup() {
        return fp32Millis / int8Millis;
    }

    private static double millis(EnhancerSession session, PlanarImage tile) {
        long start = System.nanoTime();
        session.run(tile);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "FP32 %.1f ms, INT8 %.1f ms per tile (×%.2f)", fp32Millis,
                int8Millis, speedup());
    }
}
