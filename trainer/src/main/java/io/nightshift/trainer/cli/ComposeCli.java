package io.nightshift.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.inference.registry.ModelSetFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model set made of two existing ones: the U-Net of one ({@link KeptEnhancer}: FP32, FP16 and INT8 as they are) and
 * the ratio estimator of the other ({@link KeptRatio}), every file checked against its set's manifest. For a U-Net
 * trained alone (a training arm's set, its own ratio CNN a stand-in) beside the ratio estimator a set already serves.
 *
 * <pre>
 * ComposeCli --enhancer-from SET_DIR --ratio-from SET_DIR --set-version V --out DIR
 * </pre>
 *
 * The manifest carries each network's training figures, data and command, each named after its set. The last line
 * is one JSON object.
 */
public final class ComposeCli {

    private static final List<String> OPTIONS = List.of("--enhancer-from", "--ratio-from", "--set-version", "--out");

    private ComposeCli() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Map<String, String> a = RequiredOptions.parse(args, OPTIONS,
                    "ComposeCli --enhancer-from SET_DIR --ratio-from SET_DIR --set-version V --out DIR");
            write(Path.of(a.get("--enhancer-from")), Path.of(a.get("--ratio-from")), a.get("--set-version"),
                    Path.of(a.get("--out")), "nightshift compose " + String.join(" ", args));
        } catch (IOException | RuntimeException e) {
            CliErrors.exit(e);
        }
    }

    /** Writes the set; returns its folder. */
    static Path write(Path enhancerFrom, Path ratioFrom, String setVersion, Path out, String command)
            throws IOException {
        KeptEnhancer enhancer = KeptEnhancer.read(enhancerFrom);
        KeptRatio ratio = KeptRatio.read(ratioFrom);
        Map<String, Double> metrics = new LinkedHashMap<>(enhancer.metrics());
        metrics.putAll(ratio.metrics());
        ModelSetFolder.write(out, setVersion, enhancer.fp32(), enhancer.fp16().orElse(null),
                enhancer.int8().orElse(null), ratio.onnx(), metrics,
                "U-Net of set " + enhancer.setVersion() + " (" + enhancer.data() + "); ratio estimator of set "
                        + ratio.setVersion() + " (" + ratio.data() + ")",
                command + " (U-Net of set " + enhancer.setVersion() + ": " + enhancer.command()
                        + "; ratio estimator of set " + ratio.setVersion() + ": " + ratio.command() + ")");
        System.out.printf(Locale.ROOT, "wrote model set %s to %s: the U-Net of set %s, the ratio estimator of set %s%n",
                setVersion, out, enhancer.setVersion(), ratio.setVersion());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ok", true);
        line.put("set_version", setVersion);
        line.put("out", out.toString());
        line.put("enhancer_from", enhancer.setVersion());
        line.put("ratio_from", ratio.setVersion());
        System.out.println(new ObjectMapper().writeValueAsString(line));
        return out;
    }
}
