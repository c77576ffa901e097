package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.registry.RandomModelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeping a set's U-Net while only the ratio CNN is retrained: the bytes come back as the manifest vouches for them,
 * with the U-Net's training figures and provenance; a folder that is not an intact set is refused with a reason.
 */
class KeptEnhancerTest {

    @TempDir
    Path dir;

    @Test
    void readsTheUNetItsFiguresAndItsProvenance() throws Exception {
        byte[] enhancer = RandomModelSet.enhancer(3);
        ModelSetFolder.write(dir, "2026-11-27.2", enhancer, RandomModelSet.ratioEstimator(3),
                Map.of("train_val_psnr_db", 27.4, "enhancer_steps", 14253.0, "enhancer_minutes", 73.8,
                        "ratio_median_stops", 0.335),
                "synthetic: 36 photographs", "nightshift train --set-version 2026-11-27.2");
        byte[] half = {1, 2, 3};
        Files.write(dir.resolve("enhancer.fp16.onnx"), half);

        KeptEnhancer kept = KeptEnhancer.read(dir);
        assertEquals("2026-11-27.2", kept.setVersion());
        assertArrayEquals(enhancer, kept.fp32());
        assertArrayEquals(half, kept.fp16().orElseThrow());
        // the U-Net's training figures only: the old set's evaluation does not describe the new set
        assertEquals(Map.of("train_val_psnr_db", 27.4, "enhancer_steps", 14253.0, "enhancer_minutes", 73.8),
                kept.metrics());
        assertEquals("synthetic: 36 photographs", kept.data());
        assertEquals("nightshift train --set-version 2026-11-27.2", kept.command());

        Files.delete(dir.resolve("enhancer.fp16.onnx"));
        assertTrue(KeptEnhancer.read(dir).fp16().isEmpty());
    }

    @Test
    void refusesAFolderThatIsNotAnIntactSet() throws Exception {
        IOException none = assertThrows(IOException.class, () -> KeptEnhancer.read(dir));
        assertTrue(none.getMessage().contains("no manifest.json"), none.getMessage());

        ModelSetFolder.write(dir, "v", RandomModelSet.enhancer(4), RandomModelSet.ratioEstimator(4),
                Map.of("train_val_psnr_db", 20.0, "enhancer_steps", 10.0), "d", "c");
        IOException figures = assertThrows(IOException.class, () -> KeptEnhancer.read(dir));
        assertTrue(figures.getMessage().contains("enhancer_minutes"), figures.getMessage());

        ModelSetFolder.write(dir, "v", RandomModelSet.enhancer(4), RandomModelSet.ratioEstimator(4),
                Map.of("train_val_psnr_db", 20.0, "enhancer_steps", 10.0, "enhancer_minutes", 1.0), "d", "c");
        Files.write(dir.resolve(ModelSetFolder.ENHANCER_FILE), RandomModelSet.enhancer(5));
        IOException tampered = assertThrows(IOException.class, () -> KeptEnhancer.read(dir));
        assertTrue(tampered.getMessage().contains("SHA-256"), tampered.getMessage());

        Files.writeString(dir.resolve("manifest.json"), "{\"setVersion\":");
        IOException broken = assertThrows(IOException.class, () -> KeptEnhancer.read(dir));
        assertTrue(broken.getMessage().contains("not a valid model-set manifest"), broken.getMessage());
    }
}
