package io.nightshift.trainer.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.UNetConfig;
import io.nightshift.trainer.engine.TorchEngine;
import io.nightshift.trainer.export.ExportedModel;
import io.nightshift.trainer.export.OnnxExporter;
import io.nightshift.trainer.export.Parity;
import io.nightshift.trainer.nn.ContractNetwork;
import io.nightshift.trainer.nn.RatioCnn;
import io.nightshift.trainer.nn.UNet;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Exports a freshly initialized network at its real size through the parity-checked exporter and
 * prints the measured figures, one JSON line per network:
 * {@code ExportCheckCli [sid|bn|ratio ...] [--bn-base 16] [--seed 1] [--out DIR]}. Exits 1 when an
 * export fails its checks.
 */
public final class ExportCheckCli {

    private ExportCheckCli() {
    }

    public static void main(String[] args) throws Exception {
        int bnBase = 16;
        long seed = 1;
        Path out = null;
        java.util.List<String> nets = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bn-base" -> bnBase = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "sid", "bn", "ratio" -> nets.add(args[i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (usage: [sid|bn|ratio ...] [--bn-base N] [--seed N] [--out DIR])");
            }
        }
        if (nets.isEmpty()) {
            nets = java.util.List.of("sid", "bn", "ratio");
        }
        int failures = 0;
        for (String name : nets) {
            ContractNetwork net = switch (name) {
                case "sid" -> new UNet(UNetConfig.sid());
                case "bn" -> new UNet(UNetConfig.batchNormVariant(bnBase));
                default -> new RatioCnn(RatioNetworkConfig.defaults());
            };
            TorchEngine.get().setRandomSeed((int) seed);
            try (NDManager m = TorchEngine.get().newBaseManager()) {
                net.initialize(m, DataType.FLOAT32, net.inputShape(1));
                ExportOptions options = ExportOptions.of("export-check-" + name)
                        .withMetadata(MetadataKeys.PROVENANCE_SEED, Long.toString(seed))
                        .withMetadata(MetadataKeys.PROVENANCE_DATA, "none: random initialization");
                long t = System.nanoTime();
                try {
                    ExportedModel model = OnnxExporter.defaults().export(net, options);
                    if (out != null) {
                        model.writeTo(out, name);
                    }
                    Parity p = model.parity();
                    System.out.printf(Locale.ROOT,
                            "{\"network\":\"%s\",\"fp32_max_abs_diff\":%.3e,\"fp16_max_abs_diff\":%s,\"output_max_abs\":%.4g,"
                                    + "\"fp32_bytes\":%d,\"fp16_bytes\":%s,\"seconds\":%.1f,\"pass\":true}%n",
                            net.architecture(), p.fp32MaxAbsDiff(),
                            model.fp16() == null ? "null" : String.format(Locale.ROOT, "%.3e", p.fp16MaxAbsDiff()),
                            p.outputMaxAbs(), model.fp32().length,
                            model.fp16() == null ? "null" : Integer.toString(model.fp16().length),
                            (System.nanoTime() - t) / 1e9);
                } catch (RuntimeException e) {
                    failures++;
                    System.out.printf(Locale.ROOT, "{\"network\":\"%s\",\"pass\":false,\"reason\":\"%s\"}%n",
                            net.architecture(), e.getMessage().replace("\"", "'"));
                }
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
