package io.nightshift.contract.onnx;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded random parameters that keep activations in a useful range through deep networks:
 * weights ({@code *.weight}) He-normal on their fan-in (all dimensions but the first), biases and
 * batch-norm shifts and means small normals, batch-norm scales and variances uniform in [0.8, 1.2]
 * (so that each normalization keeps the signal's scale on average, as a trained one does; wider
 * ranges compound through the layers into outputs far outside [0, 1]).
 * Each parameter draws from its own stream seeded by the seed and its name, so the values do not
 * depend on the order in which a factory asks for them.
 */
public final class RandomWeights implements WeightSource {

    private record Affine(double scale, double offset) {
    }

    private final long seed;
    private final double biasStd;
    private final Map<String, Affine> adjustments;

    /** He-normal weights and biases of standard deviation 0.05. */
    public RandomWeights(long seed) {
        this(seed, 0.05);
    }

    public RandomWeights(long seed, double biasStd) {
        this(seed, biasStd, Map.of());
    }

    private RandomWeights(long seed, double biasStd, Map<String, Affine> adjustments) {
        this.seed = seed;
        this.biasStd = biasStd;
        this.adjustments = Map.copyOf(adjustments);
    }

    /**
     * The same weights, except that parameter {@code name} is drawn as {@code scale·v + offset}: e.g.
     * a small last layer keeps a random network's output in the range of real images.
     */
    public RandomWeights adjusted(String name, double scale, double offset) {
        Map<String, Affine> m = new HashMap<>(adjustments);
        m.put(name, new Affine(scale, offset));
        return new RandomWeights(seed, biasStd, m);
    }

    @Override
    public float[] weights(String name, long... shape) {
        int n = Math.toIntExact(WeightSource.count(shape));
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
        float[] values = new float[n];
        if (name.endsWith(".weight")) {
            long fanIn = shape.length > 1 ? WeightSource.count(shape) / shape[0] : 1;
            double std = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < n; i++) {
                values[i] = (float) (gaussian(random) * std);
            }
        } else if (name.endsWith(".gamma") || name.endsWith(".running_var")) {
            for (int i = 0; i < n; i++) {
                values[i] = (float) (0.8 + 0.4 * random.nextDouble());
            }
        } else {
            for (int i = 0; i < n; i++) {
                values[i] = (float) (gaussian(random) * biasStd);
            }
        }
        Affine a = adjustments.get(name);
        if (a != null) {
            for (int i = 0; i < n; i++) {
                values[i] = (float) (a.scale * values[i] + a.offset);
            }
        }
        return values;
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
