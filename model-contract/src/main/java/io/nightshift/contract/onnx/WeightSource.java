package io.nightshift.contract.onnx;

/**
 * Supplies the parameters of a network by name and shape when a factory builds its graph:
 * {@link RandomWeights} for tests and benchmarks, {@link NamedWeights} for the trainer's exports.
 * Parameter names are documented on {@link EnhancerNetwork} and {@link RatioNetwork}.
 */
@FunctionalInterface
public interface WeightSource {

    /**
     * The values of parameter {@code name}, row-major in the given shape.
     *
     * @throws IllegalArgumentException when there is no such parameter or its size differs
     */
    float[] weights(String name, long... shape);

    static long count(long... shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
