package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.protocol.ModelSetManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A set whose ratio estimator is an ensemble: it loads as any set does, its U-Net (all precisions) is the kept set's
 * byte for byte, and its estimate is the mean of its members' log2 ratios.
 */
class EnsembleCliTest {

    @TempDir
    Path dir;

    @Test
    void aSetWithARatioEnsembleLoadsAndEstimatesTheMembersMean() throws Exception {
        Path kept = dir.resolve("kept");
        ModelSetFolder.write(kept, "2026-11-27.3", RandomModelSet.enhancer(7), RandomModelSet.enhancerFp16(7),
                RandomModelSet.enhancerInt8(7), RandomModelSet.ratioEstimator(7),
                Map.of("train_val_psnr_db", 27.4, "enhancer_steps", 14253.0, "enhancer_minutes", 73.8),
                "synthetic (test)", "nightshift train (test)");
        List<Path> members = List.of(dir.resolve("a.onnx"), dir.resolve("b.onnx"), dir.resolve("c.onnx"));
        for (int k = 0; k < members.size(); k++) {
            Files.write(members.get(k), RandomModelSet.ratioEstimator(11 + k));
        }

        Path out = EnsembleCli.write(members, kept, "2026-12-05.9", dir.resolve("set"), "nightshift ensemble (test)");

        PlanarImage thumb = PlanarImage.zeros(3, 64, 64);
        for (int i = 0; i < thumb.data().length; i++) {
            thumb.data()[i] = 0.002f + 0.05f * (i % 173) / 173f;
        }
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu());
                ModelRegistry registry = new ModelRegistry(engine)) {
            double mean = 0;
            for (Path m : members) {
                try (RatioSession s = engine.loadRatioEstimator(m)) {
                    mean += s.log2Ratio(thumb) / members.size();
                }
            }
            ModelSetManifest manifest = registry.loadFolder(out);
            assertEquals("2026-12-05.9", manifest.setVersion());
            assertTrue(manifest.data().contains("an ensemble of 3 ratio CNNs"), manifest.data());
            try (ModelLease lease = registry.acquire()) {
                assertEquals(mean, lease.ratio().log2Ratio(thumb), 1e-5);
            }
        }
        for (String f : List.of("enhancer.onnx", "enhancer.fp16.onnx", "enhancer.int8.onnx")) {
            assertArrayEquals(Files.readAllBytes(kept.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
    }
}
