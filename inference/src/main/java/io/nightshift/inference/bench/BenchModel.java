package io.nightshift.inference.bench;

import io.nightshift.contract.onnx.EnhancerNetwork;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.UNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The benchmarks' enhancer: {@code --model FILE} when given; else {@code --widths a,b,c,d,e}, a seeded
 * random-weight U-Net of the SID topology (receptive field ±107 packed pixels); else the committed default
 * model ({@code models/default/enhancer.onnx} under the project home), or that random U-Net at the default
 * widths when the default model is missing (the JSON's {@code model} says which).
 *
 * @param onnx        the model's bytes
 * @param description what it is, for the JSON line
 */
record BenchModel(byte[] onnx, String description) {

    /** Default widths of the random model: a quarter of SID's (1/16 of its arithmetic). */
    static final String DEFAULT_WIDTHS = "8,16,32,64,128";
    static final long SEED = 2018;
    /** The committed default model set's enhancer, relative to the project home. */
    static final String DEFAULT_MODEL = "models/default/enhancer.onnx";

    static BenchModel choose(Args args) throws IOException {
        String file = args.get("model", null);
        if (file != null) {
            return new BenchModel(Files.readAllBytes(Path.of(file)), file);
        }
        String widths = args.get("widths", null);
        Path committed = projectHome().resolve(DEFAULT_MODEL);
        if (widths == null && Files.isRegularFile(committed)) {
            return new BenchModel(Files.readAllBytes(committed), "default model " + DEFAULT_MODEL);
        }
        int[] w = Arrays.stream((widths == null ? DEFAULT_WIDTHS : widths).split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        return new BenchModel(random(w), "random-weight SID U-Net "
                + Arrays.stream(w).mapToObj(String::valueOf).collect(Collectors.joining("-")) + " (seed " + SEED + ")"
                + (widths == null ? "; no default model at " + committed : ""));
    }

    static byte[] random(int[] widths) {
        return EnhancerNetwork.random(UNetConfig.sid(widths), SEED, ExportOptions.of("random-" + SEED)).toByteArray();
    }

    /** {@code -Dnightshift.home}, else {@code $NIGHTSHIFT_HOME} (the launcher sets it), else the working folder. */
    static Path projectHome() {
        String home = System.getProperty("nightshift.home", System.getenv("NIGHTSHIFT_HOME"));
        return Path.of(home == null ? "." : home);
    }
}
