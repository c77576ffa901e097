package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.protocol.ModelSetManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A set composed of one set's U-Net and another's ratio estimator loads as any set does, holds both byte for byte
 * and carries each network's training figures, not the other set's; a file that differs from its manifest is refused.
 */
class ComposeCliTest {

    @TempDir
    Path dir;

    @Test
    void aComposedSetHoldsOneSetsUNetAndTheOthersRatioEstimator() throws Exception {
        Path arm = dir.resolve("arm");
        ModelSetFolder.write(arm, "ab-a", RandomModelSet.enhancer(7), RandomModelSet.enhancerFp16(7),
                RandomModelSet.enhancerInt8(7), RandomModelSet.ratioEstimator(7),
                Map.of("train_val_psnr_db", 27.9, "enhancer_steps", 16000.0, "enhancer_minutes", 118.0,
                        "ratio_steps", 20.0, "train_val_ratio_stops", 1.4, "training_minutes", 119.0),
                "arm data", "arm command");
        Path serving = dir.resolve("serving");
        ModelSetFolder.write(serving, "2026-12-05.2", RandomModelSet.enhancer(8), RandomModelSet.ratioEstimator(8),
                Map.of("train_val_psnr_db", 27.4, "enhancer_steps", 14253.0, "enhancer_minutes", 73.8,
                        "ratio_member0_steps", 1502.0, "ratio_member0_train_val_ratio_stops", 0.41),
                "serving data", "serving command");

        Path out = ComposeCli.write(arm, serving, "2026-12-06.1", dir.resolve("set"), "nightshift compose (test)");

        for (String f : List.of("enhancer.onnx", "enhancer.fp16.onnx", "enhancer.int8.onnx")) {
            assertArrayEquals(Files.readAllBytes(arm.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        assertArrayEquals(Files.readAllBytes(serving.resolve("ratio.onnx")), Files.readAllBytes(out.resolve("ratio.onnx")));
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu());
                ModelRegistry registry = new ModelRegistry(engine)) {
            ModelSetManifest manifest = registry.loadFolder(out);
            assertEquals("2026-12-06.1", manifest.setVersion());
            assertEquals(Map.of("train_val_psnr_db", 27.9, "enhancer_steps", 16000.0, "enhancer_minutes", 118.0,
                    "ratio_member0_steps", 1502.0, "ratio_member0_train_val_ratio_stops", 0.41),
                    manifest.metrics(), "the arm's stand-in ratio figures and the set's totals stay out");
            assertTrue(manifest.data().contains("U-Net of set ab-a (arm data)"), manifest.data());
            assertTrue(manifest.data().contains("ratio estimator of set 2026-12-05.2 (serving data)"), manifest.data());
            assertTrue(manifest.command().contains("serving command"), manifest.command());
        }

        Files.write(serving.resolve("ratio.onnx"), RandomModelSet.ratioEstimator(9));
        IOException e = assertThrows(IOException.class,
                () -> ComposeCli.write(arm, serving, "2026-12-06.2", dir.resolve("set2"), "test"));
        assertTrue(e.getMessage().contains("ratio.onnx has SHA-256"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("set2")), "nothing written");
    }
}
