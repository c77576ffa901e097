package io.nightshift.contract.onnx;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of the ratio CNN.
 *
 * @param widths channels of each 3×3 convolution stage (each followed by ReLU and a 2×2 max-pool)
 * @param hidden units of the hidden fully connected layer
 */
public record RatioNetworkConfig(List<Integer> widths, int hidden) {

    public RatioNetworkConfig {
        widths = List.copyOf(widths);
        if (widths.isEmpty() || widths.size() > 6 || widths.stream().anyMatch(w -> w <= 0) || hidden <= 0) {
            throw new IllegalArgumentException("a ratio CNN needs 1 to 6 stages of positive widths and hidden units, got "
                    + widths + ", " + hidden);
        }
    }

    /** 16-32-64-64 convolution stages, 32 hidden units (≈ 70k parameters). */
    public static RatioNetworkConfig defaults() {
        return new RatioNetworkConfig(List.of(16, 32, 64, 64), 32);
    }

    /** e.g. {@code ratio-cnn 16-32-64-64 fc32}. */
    public String architecture() {
        return "ratio-cnn " + widths.stream().map(String::valueOf).collect(Collectors.joining("-")) + " fc" + hidden;
    }
}
