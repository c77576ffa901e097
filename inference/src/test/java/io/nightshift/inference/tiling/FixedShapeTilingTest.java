package io.nightshift.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.FloatArrays;
import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.testing.TestModels;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TilingConfig#fixedShape()}: one tile shape whatever the image, for accelerators that choose their kernels
 * per input shape; exact against the whole-image run (random SID-topology network, margin 112 ≥ its ±107 field),
 * and an image smaller than a tile is the crop of one run on the reflect-padded tile.
 */
class FixedShapeTilingTest {

    private static final double ROUNDING = 1e-4;

    private static InferenceEngine engine;
    private static EnhancerSession enhancer;

    @BeforeAll
    static void load() {
        engine = new InferenceEngine(EngineConfig.cpu(2));
        enhancer = engine.loadEnhancer(TestModels.wideEnhancer(31));
    }

    @AfterAll
    static void close() {
        enhancer.close();
        engine.close();
    }

    @Test
    void everyImageGetsTheSameTileShape() {
        TilingConfig fixed = TilingConfig.defaults().withFixedShape(true);
        TiledEnhancer tiler = new TiledEnhancer(enhancer, fixed);
        TiledEnhancer trimmed = new TiledEnhancer(enhancer, TilingConfig.defaults());
        Set<Integer> trimmedSides = new HashSet<>();
        int[][] sizes = {{1424, 2128}, {2888, 4336}, {7, 21}, {1536, 1537}, {700, 5000}};
        for (int[] size : sizes) {
            TilePlan plan = tiler.plan(size[0], size[1]);
            assertEquals(1536, plan.rows().tile(), size[0] + "×" + size[1]);
            assertEquals(1536, plan.columns().tile(), size[0] + "×" + size[1]);
            TilePlan other = trimmed.plan(size[0], size[1]);
            trimmedSides.add(other.rows().tile());
            trimmedSides.add(other.columns().tile());
            for (int c = 1; c < plan.columns().count(); c++) {
                int shared = plan.columns().origin(c - 1) + 1536 - plan.columns().origin(c);
                assertTrue(shared >= TilingConfig.DEFAULT_OVERLAP, "overlap kept: " + shared);
            }
        }
        assertTrue(trimmedSides.size() > 3, "without it the sides follow the image: " + trimmedSides);
        assertThrows(IllegalArgumentException.class, () -> TilingConfig.wholeImage().withFixedShape(true));
    }

    @Test
    void fixedTilesEqualTheWholeImageRun() {
        PlanarImage input = TestModels.packedImage(36, 4, 579, 677);
        TilingConfig tiles = TilingConfig.withMargin(384, 112, 32, 2).withFixedShape(true);
        TiledEnhancer tiled = new TiledEnhancer(enhancer, tiles);
        TilePlan plan = tiled.plan(579, 677);
        assertEquals(384, plan.rows().tile());
        assertTrue(plan.tileCount() >= 4, "really tiled: " + plan.tileCount());
        PlanarImage a = tiled.enhance(input);
        PlanarImage b = new TiledEnhancer(enhancer, TilingConfig.wholeImage()).enhance(input);
        assertTrue(FloatArrays.standardDeviation(a.data()) > 0.01);
        double diff = FloatArrays.maxAbsDiff(a.data(), b.data());
        assertTrue(diff < ROUNDING, "fixed-shape tiles vs whole: " + diff);
    }

    @Test
    void anImageSmallerThanATileIsTheCropOfTheReflectPaddedTile() {
        PlanarImage input = TestModels.packedImage(37, 4, 50, 70);
        PlanarImage out = new TiledEnhancer(enhancer, new TilingConfig(96, 32, 16, 1, true)).enhance(input);
        assertEquals(100, out.height());
        assertEquals(140, out.width());
        PlanarImage padded = PlanarImage.zeros(4, 96, 96);
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    padded.set(c, y, x, input.get(c, ReflectPadding.source(y, 50), ReflectPadding.source(x, 70)));
                }
            }
        }
        PlanarImage full = enhancer.run(padded);
        double max = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 100; y++) {
                for (int x = 0; x < 140; x++) {
                    max = Math.max(max, Math.abs(out.get(c, y, x) - full.get(c, y, x)));
                }
            }
        }
        assertTrue(max < ROUNDING, "crop of the padded tile's run: " + max);
        assertTrue(FloatArrays.standardDeviation(out.data()) > 1e-3);
    }
}
