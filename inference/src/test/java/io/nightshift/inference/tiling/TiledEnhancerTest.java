package io.nightshift.inference.tiling;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.EnhancerContract;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.image.NoisePlanes;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tiled = whole-image run on a random-weight network with the SID U-Net's topology (receptive field
 * ±107 packed pixels): with margin 112 the two agree up to float rounding, compared before clipping.
 */
class TiledEnhancerTest {

    /** Float rounding of a ~20-layer network summed in another order, and the blend's own rounding. */
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
    void tiledEqualsWholeOnOddSizesWithMargin112() {
        PlanarImage input = TestModels.packedImage(32, 4, 579, 677);
        TilingConfig tiles = TilingConfig.withMargin(384, 112, 32, 3);
        TiledEnhancer tiled = new TiledEnhancer(enhancer, tiles);
        TilePlan plan = tiled.plan(579, 677);
        assertTrue(plan.rows().count() >= 2 && plan.columns().count() >= 3, "really tiled: " + plan.tileCount());

        PlanarImage a = tiled.enhance(input);
        PlanarImage b = new TiledEnhancer(enhancer, TilingConfig.wholeImage()).enhance(input);
        assertEquals(3, a.channels());
        assertEquals(2 * 579, a.height());
        assertEquals(2 * 677, a.width());
        assertTrue(FloatArrays.standardDeviation(a.data()) > 0.01, "outputs vary: std " + FloatArrays.standardDeviation(a.data()));
        assertTrue(outsideUnitRange(a.data()) > 0, "compared before clipping: some values lie outside [0, 1]");
        double diff = FloatArrays.maxAbsDiff(a.data(), b.data());
        assertTrue(diff < ROUNDING, "tiled vs whole max abs diff " + diff);
    }

    /**
     * The default overlap and feather cover the SID U-Net's receptive field (±107 packed pixels): tiles of 512 cut with
     * them give the whole-image output up to float rounding (the default tile, 1536, only cuts fewer seams).
     */
    @Test
    void theDefaultOverlapIsExact() {
        assertTrue(TilingConfig.defaults().margin() >= 107, "default margin " + TilingConfig.defaults().margin());
        PlanarImage input = TestModels.packedImage(34, 4, 700, 1100);
        TiledEnhancer tiled = new TiledEnhancer(enhancer, new TilingConfig(512, TilingConfig.DEFAULT_OVERLAP,
                TilingConfig.DEFAULT_FEATHER, 1));
        assertTrue(tiled.plan(700, 1100).tileCount() >= 4, "really tiled");
        PlanarImage a = tiled.enhance(input);
        PlanarImage b = new TiledEnhancer(enhancer, TilingConfig.wholeImage()).enhance(input);
        double diff = FloatArrays.maxAbsDiff(a.data(), b.data());
        assertTrue(diff < ROUNDING, "tiled at the default overlap vs whole max abs diff " + diff);
    }

    /**
     * Contract v2: each tile carries the frame's noise planes as two constant channels after the packed four, so the
     * tiled output is the whole-image run of the six-channel input; the planes change the output; a v2 enhancer
     * without them is refused with a message that names what is missing.
     */
    @Test
    void aNoiseInputEnhancerGetsTheFramesPlanesOnEveryTile() {
        try (EnhancerSession v2 = engine.loadEnhancer(TestModels.wideNoiseEnhancer(36))) {
            assertEquals(EnhancerContract.V2, v2.contract());
            assertEquals(6, v2.inputChannels());
            PlanarImage input = TestModels.packedImage(37, 4, 300, 333);
            NoisePlanes planes = new NoisePlanes(0.08f, 0.02f);
            TiledEnhancer tiled = new TiledEnhancer(v2, TilingConfig.withMargin(256, 112, 16, 2));
            assertTrue(tiled.plan(300, 333).tileCount() >= 4, "really tiled");
            PlanarImage a = tiled.enhance(input, planes);

            PlanarImage padded = EnhancerInput.withPlanes(reflectPadded(input, 304, 336), planes);
            double max = maxDiffOnItsFrame(a, v2.run(padded));
            assertTrue(max < ROUNDING, "tiled v2 vs the whole six-channel input: " + max);

            PlanarImage other = tiled.enhance(input, new NoisePlanes(0.3f, 0.1f));
            assertTrue(FloatArrays.maxAbsDiff(a.data(), other.data()) > 100 * ROUNDING, "the planes are read");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiled.enhance(input));
            assertTrue(e.getMessage().contains("enhancer/v2") && e.getMessage().contains("noise planes"), e.getMessage());
        }
        // a v1 enhancer reads no planes: given or not, the same output
        PlanarImage input = TestModels.packedImage(38, 4, 100, 120);
        TiledEnhancer v1 = new TiledEnhancer(enhancer, TilingConfig.defaults());
        assertEquals(0, FloatArrays.maxAbsDiff(v1.enhance(input).data(),
                v1.enhance(input, new NoisePlanes(0.3f, 0.1f)).data()));
    }

    /** The largest difference between {@code out} and the top-left of the larger {@code padded} run, out's size. */
    private static double maxDiffOnItsFrame(PlanarImage out, PlanarImage padded) {
        double max = 0;
        for (int c = 0; c < out.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    max = Math.max(max, Math.abs(out.get(c, y, x) - padded.get(c, y, x)));
                }
            }
        }
        return max;
    }

    private static PlanarImage reflectPadded(PlanarImage input, int height, int width) {
        PlanarImage padded = PlanarImage.zeros(input.channels(), height, width);
        for (int c = 0; c < input.channels(); c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    padded.set(c, y, x, input.get(c, ReflectPadding.source(y, input.height()),
                            ReflectPadding.source(x, input.width())));
                }
            }
        }
        return padded;
    }

    @Test
    void aSmallMarginIsVisiblySeamed() {
        // the same comparison fails without the context the network needs: the test above can fail
        PlanarImage input = TestModels.packedImage(33, 4, 300, 333);
        PlanarImage a = new TiledEnhancer(enhancer, new TilingConfig(128, 32, 0, 2)).enhance(input);
        PlanarImage b = new TiledEnhancer(enhancer, TilingConfig.wholeImage()).enhance(input);
        assertTrue(FloatArrays.maxAbsDiff(a.data(), b.data()) > 100 * ROUNDING,
                "margin 16 differs from the whole-image run: " + FloatArrays.maxAbsDiff(a.data(), b.data()));
    }

    @Test
    void batchSizeDoesNotChangeTheResult() {
        PlanarImage input = TestModels.packedImage(34, 4, 200, 250);
        PlanarImage one = new TiledEnhancer(enhancer, new TilingConfig(96, 32, 16, 1)).enhance(input);
        PlanarImage four = new TiledEnhancer(enhancer, new TilingConfig(96, 32, 16, 4)).enhance(input);
        assertTrue(FloatArrays.standardDeviation(one.data()) > 0.01);
        double diff = FloatArrays.maxAbsDiff(one.data(), four.data());
        assertTrue(diff < ROUNDING, "batch 1 vs 4: " + diff);
    }

    @Test
    void imagesSmallerThanATileAndNotMultiplesOfSixteenComeBackAtTwiceTheirSize() {
        PlanarImage input = TestModels.packedImage(35, 4, 7, 21);
        PlanarImage out = new TiledEnhancer(enhancer, TilingConfig.defaults()).enhance(input);
        assertEquals(14, out.height());
        assertEquals(42, out.width());
        // the crop keeps the top-left: equal to running the reflect-padded 16 × 32 image and cutting
        double max = maxDiffOnItsFrame(out, enhancer.run(reflectPadded(input, 16, 32)));
        assertTrue(max < ROUNDING, "crop of the padded run: " + max);
        assertTrue(FloatArrays.standardDeviation(out.data()) > 1e-3);
    }

    private static int outsideUnitRange(float[] v) {
        int n = 0;
        for (float x : v) {
            if (x < 0f || x > 1f) {
                n++;
            }
        }
        return n;
    }
}
