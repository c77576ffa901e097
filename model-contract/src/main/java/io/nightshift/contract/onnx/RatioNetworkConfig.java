package io.nightshift.contract.onnx;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of the ratio CNN.
 *
 * @param widths channels of each 3×3 convolution stage (each followed by ReLU and a 2×2 max-pool)
 * @param hidden   units of the hidden fully connected layer
 * @param logInput whether the network first takes the thumb to the log domain ({@link RatioNetwork#logInput}):
 *                 the ratio is a scale, {@code log2 ratio ≈ level − log2 brightness}, which ReLU convolutions
 *                 form more easily from logarithms than from linear values spread over eight stops (better on
 *                 training scenes, not on the held-out ones: see the trainer README)
 * @param exposurePrior whether the network adds its output to the exposure prior ({@link RatioNetwork#priorLog2Ratio}:
 *                 the ratio that brings the thumb's 98th percentile to its typical level), so that it learns only a
 *                 correction to a fixed, scene-independent estimate instead of the whole brightness-to-ratio relation
 * @param priorLevel the prior's level: the typical 98th percentile of a thumb at its true exposure, for the kind of
 *                 thumbs the network is trained on ({@link RatioNetwork#PRIOR_LEVEL} for thumbs of small frames,
 *                 {@link RatioNetwork#SERVICE_PRIOR_LEVEL} for thumbs of whole frames); written into the graph
 */
public record RatioNetworkConfig(List<Integer> widths, int hidden, boolean logInput, boolean exposurePrior,
                                 float priorLevel) {

    public RatioNetworkConfig {
        widths = List.copyOf(widths);
        if (widths.isEmpty() || widths.size() > 6 || widths.stream().anyMatch(w -> w <= 0) || hidden <= 0) {
            throw new IllegalArgumentException("a ratio CNN needs 1 to 6 stages of positive widths and hidden units, got "
                    + widths + ", " + hidden);
        }
        if (!(priorLevel > 0 && priorLevel <= 1)) {
            throw new IllegalArgumentException("the prior's level is a thumb value in (0, 1], got " + priorLevel);
        }
    }

    /** With the level of thumbs of small frames ({@link RatioNetwork#PRIOR_LEVEL}). */
    public RatioNetworkConfig(List<Integer> widths, int hidden, boolean logInput, boolean exposurePrior) {
        this(widths, hidden, logInput, exposurePrior, RatioNetwork.PRIOR_LEVEL);
    }

    /** A network on the linear thumb without the exposure prior (the first default set's topology). */
    public RatioNetworkConfig(List<Integer> widths, int hidden) {
        this(widths, hidden, false, false);
    }

    /** Without the exposure prior. */
    public RatioNetworkConfig(List<Integer> widths, int hidden, boolean logInput) {
        this(widths, hidden, logInput, false);
    }

    /** Linear input, 16-32-64-64 convolution stages, 32 hidden units (≈ 70k parameters): the default set's. */
    public static RatioNetworkConfig defaults() {
        return new RatioNetworkConfig(List.of(16, 32, 64, 64), 32);
    }

    /** The same shape with or without the log-domain input. */
    public RatioNetworkConfig withLogInput(boolean log) {
        return new RatioNetworkConfig(widths, hidden, log, exposurePrior, priorLevel);
    }

    /** The same shape with or without the exposure prior. */
    public RatioNetworkConfig withExposurePrior(boolean prior) {
        return new RatioNetworkConfig(widths, hidden, logInput, prior, priorLevel);
    }

    /** The same network with the prior at {@code level}. */
    public RatioNetworkConfig withPriorLevel(float level) {
        return new RatioNetworkConfig(widths, hidden, logInput, exposurePrior, level);
    }

    /**
     * e.g. {@code ratio-cnn prior log 16-32-64-64 fc32} ({@code prior@0.6225} at a level other than
     * {@link RatioNetwork#PRIOR_LEVEL}), or {@code ratio-cnn 16-32-64-64 fc32} on the linear thumb
     * without the prior.
     */
    public String architecture() {
        String prior = !exposurePrior ? "" : priorLevel == RatioNetwork.PRIOR_LEVEL ? "prior "
                : String.format(java.util.Locale.ROOT, "prior@%.4f ", priorLevel);
        return "ratio-cnn " + prior + (logInput ? "log " : "")
                + widths.stream().map(String::valueOf).collect(Collectors.joining("-")) + " fc" + hidden;
    }
}
