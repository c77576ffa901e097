package io.nightshift.contract.onnx.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.validation.ContractValidator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The enhancer's INT8 recipe: {@link RangeCalibrator} on calibration inputs (packed dark input × ratio, as the
 * contract feeds the enhancer), then {@link QdqQuantizer} on the U-Net's 3×3 and up-convolutions, with the head
 * (the 1×1 convolution to 12 channels) and the fixed input-residual convolution kept in FP32 — the head's output
 * is the picture itself, where an 8-bit step would show, and both cost ~1 % of the network's MACs — and the top
 * {@code floatLevels} decoder levels too (see below). The result passes
 * {@link ContractValidator} for the enhancer role (float32 {@code packed} in, float32 {@code rgb} out) and says
 * {@code nightshift.precision = int8}.
 *
 * @param method      how calibration values become ranges
 * @param activations uint8 (ONNX Runtime's fastest on x86: U8S8) or int8
 * @param firstConv   whether the first convolution (4 input channels: the packed input) is quantized too
 * @param floatLevels how many of the decoder's top levels stay in FP32 ({@code dec0} and {@code up0} for 1,
 *                    {@code dec1} and {@code up1} too for 2…): their inputs join the upsampled path, whose
 *                    activations have heavy tails (±650 at the full-resolution level against ±10 on the skip it
 *                    is concatenated with), which one uint8 scale per tensor cannot hold
 */
public record EnhancerQuantizer(RangeMethod method, ActivationType activations, boolean firstConv,
                                int floatLevels) {

    /** The weights of the convolutions kept in FP32. */
    public static final Set<String> HEAD_WEIGHTS = Set.of("head.weight", "input_residual.weight");
    /** The first convolution's weight (the one that reads the packed input). */
    public static final String FIRST_WEIGHT = "enc0.conv1.weight";

    /**
     * The recipe of the shipped INT8 enhancers: ranges at the 99.999th percentile, uint8 activations, first
     * convolution quantized, the top two decoder levels ({@code up0}, {@code dec0}, {@code up1}, {@code dec1}) and
     * the head in FP32. Chosen on the default U-Net, first by parity against FP32 on training data (32 calibration
     * and 16 parity inputs, {@code Int8Parity}), then by the held-out loss at ratios 100–300 ({@code Int8Benchmark}):
     * <ul>
     *   <li>every decoder level quantized: min/max 23.1 dB (a few extreme activations of the upsampled path stretch
     *       the ranges), percentile 99.9 40.4, 99.99 46.6, 99.999 49.9 dB on 8 parity inputs, but 30.0 dB on 16
     *       (an input beyond the clipped range); int8 activations and an FP32 first convolution change nothing;</li>
     *   <li>top level in FP32: 99.999 43.7 dB, held-out loss 0.39 dB, ×1.84 FP32's speed (CPU time, 12 MP frame,
     *       2 threads); min/max 40.6 dB, loss 0.67 dB; 99.9995 43.3 and 99.9999 42.5 dB;</li>
     *   <li>top two levels in FP32: 99.999 48.1 dB, held-out loss −0.01 dB (within noise of none), ×1.44.</li>
     * </ul>
     * The loss budget (≤ 0.3 dB) rules out the faster recipe, so the shipped one gives up speed: the FP32 levels'
     * Conv, DepthToSpace and Concat take over half its kernel time. Splitting each concatenation's convolution in
     * two (one scale for the skip, one for the upsampled path; an exact FP32 rewrite) was tried and gained nothing
     * (30.0 dB with no level in FP32, 43.5 with one): the upsampled path's own tails are what one scale cannot hold.
     */
    public static EnhancerQuantizer defaults() {
        return new EnhancerQuantizer(RangeMethod.percentile(99.999), ActivationType.UINT8, true, 2);
    }

    public EnhancerQuantizer {
        if (floatLevels < 0) {
            throw new IllegalArgumentException("float decoder levels must be ≥ 0, got " + floatLevels);
        }
    }

    public EnhancerQuantizer withMethod(RangeMethod m) {
        return new EnhancerQuantizer(m, activations, firstConv, floatLevels);
    }

    public EnhancerQuantizer withActivations(ActivationType a) {
        return new EnhancerQuantizer(method, a, firstConv, floatLevels);
    }

    public EnhancerQuantizer withFirstConv(boolean quantized) {
        return new EnhancerQuantizer(method, activations, quantized, floatLevels);
    }

    public EnhancerQuantizer withFloatLevels(int levels) {
        return new EnhancerQuantizer(method, activations, firstConv, levels);
    }

    /** The rewriter for {@code fp32} with this recipe's FP32 layers. */
    public QdqQuantizer quantizer(ModelProto fp32) {
        Set<String> kept = new HashSet<>(HEAD_WEIGHTS);
        if (!firstConv) {
            kept.add(FIRST_WEIGHT);
        }
        for (int i = 0; i < floatLevels; i++) {
            kept.addAll(Set.of("dec" + i + ".conv1.weight", "dec" + i + ".conv2.weight", "up" + i + ".weight"));
        }
        return new QdqQuantizer(fp32, new QdqQuantizer.Options(kept, activations));
    }

    /**
     * Calibrates on {@code calibration} ({@code threads} ONNX Runtime threads) and quantizes.
     *
     * @throws OrtException when ONNX Runtime cannot run the FP32 graph
     */
    public ModelProto quantize(ModelProto fp32, Iterable<CalibrationInput> calibration, int threads)
            throws OrtException {
        QdqQuantizer quantizer = quantizer(fp32);
        Map<String, ActivationRange> ranges = new RangeCalibrator(fp32, quantizer.activationTensors())
                .run(calibration, threads).ranges(method);
        ModelProto int8 = quantizer.quantize(ranges);
        ContractValidator.validate(int8.toByteArray(), ModelRole.ENHANCER);
        return int8;
    }

    /** A short description for provenance: {@code min/max, UINT8 activations, first conv INT8, head FP32}. */
    public String describe() {
        return method + ", " + activations + " activations, int8 per-channel weights, first conv "
                + (firstConv ? "INT8" : "FP32") + ", top " + floatLevels + " decoder level(s) and head FP32";
    }
}
