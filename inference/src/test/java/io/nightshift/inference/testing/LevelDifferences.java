package io.nightshift.inference.testing;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-value absolute differences between two renderings of one image, in 8-bit levels (1/255 of full
 * scale): mean, 99th percentile and maximum over every pixel and channel.
 */
public record LevelDifferences(double mean, double p99, double max, int values) {

    /** Adds values in [0, 1] pairwise; call {@link #result()} once all are in. */
    public static final class Collector {
        private final float[] differences;
        private int count;

        public Collector(int capacity) {
            differences = new float[capacity];
        }

        public void add(double ours, double theirs) {
            differences[count++] = (float) (Math.abs(ours - theirs) * 255);
        }

        public LevelDifferences result() {
            float[] d = Arrays.copyOf(differences, count);
            Arrays.sort(d);
            double sum = 0;
            for (float v : d) {
                sum += v;
            }
            return new LevelDifferences(sum / count, d[Math.min(count - 1, (int) Math.ceil(0.99 * count) - 1)],
                    d[count - 1], count);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "mean %.4f, p99 %.4f, max %.4f 8-bit levels over %d values", mean, p99, max,
                values);
    }
}
