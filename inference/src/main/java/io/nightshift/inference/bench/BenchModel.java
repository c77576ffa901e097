package io.nightshift.inference.bench;

import io.nightshift.contract.onnx.EnhancerNetwork;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.UNetConfig;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The benchmarks' enhancer until the trainer's default model exists: a seeded random-weight U-Net of
 * the SID topology (receptive field ±107 packed pixels) with configurable widths.
 */
final class BenchModel {

    /** Default widths: a quarter of SID's (1/16 of its arithmetic), so a 12 MP run fits the 2-core budget. */
    static final String DEFAULT_WIDTHS = "8,16,32,64,128";
    static final long SEED = 2018;

    private BenchModel() {
    }

    static UNetConfig config(int[] widths) {
        return UNetConfig.sid(widths);
    }

    static byte[] onnx(int[] widths) {
        return EnhancerNetwork.random(config(widths), SEED, ExportOptions.of("random-" + SEED)).toByteArray();
    }

    static String describe(int[] widths) {
        return "random-weight SID U-Net " + Arrays.stream(widths).mapToObj(String::valueOf).collect(Collectors.joining("-"))
                + " (seed " + SEED + "; no trained default model yet)";
    }
}
