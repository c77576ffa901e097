package io.nightshift.inference.engine;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.testing.TestModels;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import org.junit.jupiter.api.Test;

/**
 * 1,000 tiles through a session leave native memory flat: every tensor and result is closed. A leak
 * of one 64×64 tile's input and output (64 KiB + 192 KiB) per run would add 250 MiB; the tolerance
 * is 24 MiB of growth in RSS minus the Java heap's committed size (heap growth is not native),
 * measured over a second 1,000 tiles after a first 1,000 brought the allocators to their steady state.
 */
class NativeMemoryLeakTest {

    private static final int TILES = Integer.getInteger("leak.tiles", 1_000);
    private static final double TOLERANCE_MIB = 24;

    @Test
    void thousandTilesLeaveNativeMemoryFlat() {
        PlanarImage tile = TestModels.packedImage(21, 4, 64, 64);
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1));
                EnhancerSession enhancer = engine.loadEnhancer(TestModels.enhancer(22))) {
            double checksum = 0;
            for (int i = 0; i < TILES; i++) { // steady state first: ONNX Runtime's arena and glibc's grow to it
                checksum += enhancer.run(tile).data()[i % 64];
            }
            double before = nativeMiB();
            for (int i = 0; i < TILES; i++) {
                checksum += enhancer.run(tile).data()[i % 64];
            }
            double after = nativeMiB();
            System.out.printf("leak test: native %.1f → %.1f MiB over %d tiles%n", before, after, TILES);
            assertTrue(Double.isFinite(checksum));
            assertTrue(after - before < TOLERANCE_MIB, String.format(
                    "native memory grew by %.1f MiB over %d tiles (before %.1f, after %.1f)",
                    after - before, TILES, before, after));
        }
    }

    @Test
    void thousandTilesOfTheTilerLeaveNativeMemoryFlat() {
        // 16 × 16000 packed pixels in 16 × 16 tiles without overlap: one enhance() call is 1,000 runs
        PlanarImage strip = TestModels.packedImage(23, 4, 16, 16 * TILES);
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1));
                EnhancerSession enhancer = engine.loadEnhancer(TestModels.enhancer(24))) {
            TiledEnhancer tiler = new TiledEnhancer(enhancer, new TilingConfig(16, 0, 0, 1));
            assertEquals(TILES, tiler.plan(16, 16 * TILES).tileCount());
            tiler.enhance(strip);
            double before = nativeMiB();
            PlanarImage out = tiler.enhance(strip);
            double after = nativeMiB();
            System.out.printf("leak test: native %.1f → %.1f MiB over %d tiles%n", before, after, TILES);
            assertTrue(FloatArrays.standardDeviation(out.data()) > 1e-3);
            assertTrue(after - before < TOLERANCE_MIB, String.format(
                    "native memory grew by %.1f MiB over %d tiles (before %.1f, after %.1f)",
                    after - before, TILES, before, after));
        }
    }

    /**
     * RSS minus the committed Java heap, after GCs with pauses: direct buffers that ONNX Runtime
     * copies heap inputs into are freed by their cleaners, after the collection that finds them.
     */
    private static double nativeMiB() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime rt = Runtime.getRuntime();
        return NativeMemory.now().residentMiB() - rt.totalMemory() / (1024.0 * 1024.0);
    }
}
