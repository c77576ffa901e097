package io.nightshift.trainer.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.onnx.RatioEnsemble;
import io.nightshift.contract.validation.ProtoSignatures;
import io.nightshift.inference.registry.ModelSetFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model set whose ratio estimator is an ensemble ({@link RatioEnsemble}) of ratio CNNs trained separately
 * ({@code TrainCli --only ratio}, one seed each), beside the U-Net of an existing set ({@link KeptEnhancer}: FP32,
 * FP16 and INT8 carried over as they are, checksums checked).
 *
 * <pre>
 * EnsembleCli --members A/ratio.onnx,B/ratio.onnx[,...] --enhancer-from SET_DIR --set-version V --out DIR
 * </pre>
 *
 * The manifest's data and command name the members' own (from their ONNX metadata) and the U-Net's set; its
 * figures are the U-Net's and each member's training figures. The last line is one JSON object.
 */
public final class EnsembleCli {

    private EnsembleCli() {
    }

    public static void main(String[] args) throws Exception {
        try {
            assemble(args);
        } catch (IOException | RuntimeException e) {
            CliErrors.exit(e);
        }
    }

    private static void assemble(String[] args) throws IOException {
        Map<String, String> a = RequiredOptions.parse(args, List.of("--members", "--enhancer-from", "--set-version",
                "--out"), "EnsembleCli --members A.onnx,B.onnx[,...] --enhancer-from SET_DIR --set-version V --out DIR");
        List<Path> members = java.util.Arrays.stream(a.get("--members").split(",")).map(Path::of).toList();
        String command = "nightshift ensemble " + String.join(" ", args);
        write(members, Path.of(a.get("--enhancer-from")), a.get("--set-version"), Path.of(a.get("--out")), command);
    }

    /** Writes the set; returns its folder. */
    static Path write(List<Path> memberFiles, Path enhancerFrom, String setVersion, Path out, String command)
            throws IOException {
        KeptEnhancer kept = KeptEnhancer.read(enhancerFrom);
        List<ModelProto> members = new ArrayList<>();
        List<String> seeds = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>(kept.metrics());
        for (int k = 0; k < memberFiles.size(); k++) {
            if (!Files.isRegularFile(memberFiles.get(k))) {
                throw new IOException("no ratio model at " + memberFiles.get(k) + " (member " + k + ")");
            }
            ModelProto m = ModelProto.parseFrom(Files.readAllBytes(memberFiles.get(k)));
            members.add(m);
            Map<String, String> meta = ProtoSignatures.of(m).metadata();
            seeds.add(meta.getOrDefault(MetadataKeys.PROVENANCE_SEED, "?"));
            commands.add(meta.getOrDefault(MetadataKeys.PROVENANCE_COMMAND, memberFiles.get(k).toString()));
            String steps = meta.get(MetadataKeys.metric("steps"));
            if (steps != null) {
                metrics.put("ratio_member" + k + "_steps", Double.parseDouble(steps));
            }
            String val = meta.get(MetadataKeys.metric("train_val_ratio_stops"));
            if (val != null) {
                metrics.put("ratio_member" + k + "_train_val_ratio_stops", Double.parseDouble(val));
            }
        }
        String data = ProtoSignatures.of(members.get(0)).metadata().getOrDefault(MetadataKeys.PROVENANCE_DATA, "");
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put(MetadataKeys.PROVENANCE_COMMAND, command + " (members: " + String.join("; ", commands) + ")");
        provenance.put(MetadataKeys.PROVENANCE_SEED, String.join(",", seeds));
        provenance.put(MetadataKeys.PROVENANCE_DATA, data);
        provenance.put(MetadataKeys.PROVENANCE_TRAINED_AT, Instant.now().toString());
        byte[] ratio = RatioEnsemble.of(members, setVersion + "/ratio", provenance).toByteArray();
        ModelSetFolder.write(out, setVersion, kept.fp32(), kept.fp16().orElse(null), kept.int8().orElse(null), ratio,
                metrics, "ratio estimator: an ensemble of " + members.size() + " ratio CNNs (seeds "
                        + String.join(",", seeds) + "), each " + data + "; U-Net kept from set " + kept.setVersion()
                        + " (" + kept.data() + ")",
                provenance.get(MetadataKeys.PROVENANCE_COMMAND) + " (U-Net kept from set " + kept.setVersion() + ": "
                        + kept.command() + ")");
        System.out.printf(Locale.ROOT, "wrote model set %s to %s: a ratio ensemble of %d beside the U-Net of set %s%n",
                setVersion, out, members.size(), kept.setVersion());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ok", true);
        line.put("set_version", setVersion);
        line.put("out", out.toString());
        line.put("ratio_members", members.size());
        line.put("ratio_bytes", ratio.length);
        System.out.println(new ObjectMapper().writeValueAsString(line));
        return out;
    }
}
