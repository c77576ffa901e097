package io.nightshift.inference.pipeline;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.image.NoisePlanes;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.raw.pack.SidPacker;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.ratio.RatioSource;
import io.nightshift.inference.testing.TestModels;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.Stage;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A DNG written by the RAW front end, decoded by LibRaw, enhanced end to end. */
class FrameEnhancerTest {

    private static final int W = 301;
    private static final int H = 203;

    private static DecodedRaw frame(CfaLayout layout) {
        SplittableRandom random = new SplittableRandom(51);
        short[] samples = new short[W * H];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (512 + 40 + (i % W) / 3 + random.nextInt(30));
        }
        byte[] dng = DngWriter.write(DngFrame.sonyLike(W, H).withLayout(layout), new BayerPlane(W, H, samples));
        try (RawDecoder decoder = new RawDecoder()) {
            return decoder.decode(dng);
        }
    }

    @Test
    void givesTheVisibleFrameInSrgbWithTheRatioAndStagesUsed() {
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(2));
                EnhancerSession enhancer = engine.loadEnhancer(TestModels.enhancer(52));
                RatioSession ratio = engine.loadRatioEstimator(TestModels.ratioEstimator(53))) {
            FrameEnhancer frames = new FrameEnhancer(enhancer, new RatioEstimator(ratio, RatioRange.DEFAULT),
                    new TilingConfig(128, 64, 32, 2));
            for (CfaLayout layout : new CfaLayout[] {CfaLayout.RGGB, CfaLayout.GBRG}) {
                DecodedRaw raw = frame(layout);
                EnhancedFrame given = frames.enhance(raw, OptionalDouble.of(50));
                PlanarImage srgb = given.srgb();
                assertEquals(3, srgb.channels());
                assertEquals(raw.width(), srgb.width(), layout + ": visible width");
                assertEquals(raw.height(), srgb.height(), layout + ": visible height");
                assertEquals(50, given.ratio().ratio());
                assertEquals(RatioSource.GIVEN, given.ratio().source());
                assertEquals("test-enhancer-52", given.enhancerVersion());
                assertEquals(EnumSet.of(Stage.PACK, Stage.RATIO, Stage.INFER, Stage.POST), given.stageMs().keySet());
                for (float v : srgb.data()) {
                    assertTrue(v >= 0f && v <= 1f, "display values in [0, 1]: " + v);
                }
                assertTrue(FloatArrays.standardDeviation(srgb.data()) > 1e-3, "outputs vary");

                EnhancedFrame estimated = frames.enhance(raw, OptionalDouble.empty());
                assertEquals(RatioSource.ESTIMATED, estimated.ratio().source());
                assertTrue(estimated.ratio().ratio() >= 1 && estimated.ratio().ratio() <= 300);
            }
        }
    }

    /**
     * A contract v2 enhancer gets the frame's noise planes estimated on the packed frame before white balance and
     * amplification (by the ratio used), on every tile: the same output as the tiler given those planes by hand.
     */
    @Test
    void aNoiseInputEnhancerGetsThePlanesOfTheFrameBeforeAmplification() {
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(2));
                EnhancerSession enhancer = engine.loadEnhancer(TestModels.wideNoiseEnhancer(54));
                RatioSession ratio = engine.loadRatioEstimator(TestModels.ratioEstimator(55))) {
            TilingConfig tiling = new TilingConfig(128, 64, 32, 2);
            FrameEnhancer frames = new FrameEnhancer(enhancer, new RatioEstimator(ratio, RatioRange.DEFAULT), tiling);
            DecodedRaw raw = frame(CfaLayout.RGGB);
            PlanarImage rgb = frames.enhanceLinear(raw, OptionalDouble.of(40)).rgb();

            PlanarImage packed = FrameInputs.planar(SidPacker.pack(raw));
            NoisePlanes planes = NoisePlanes.of(packed, 40);
            assertTrue(planes.shotSigma() > 0 || planes.readSigma() > 0, "the frame gives an estimate: " + planes);
            assertEquals(planes, enhancer.noisePlanes(packed, 40));
            PlanarImage input = EnhancerInput.of(packed, FrameInputs.whiteBalance(raw), 40);
            PlanarImage expected = new TiledEnhancer(enhancer, tiling).enhance(input, planes);
            assertEquals(0, FloatArrays.maxAbsDiff(expected.data(), rgb.data()), 1e-6);
            PlanarImage amplifiedPlanes = new TiledEnhancer(enhancer, tiling).enhance(input, NoisePlanes.of(input, 40));
            assertTrue(FloatArrays.maxAbsDiff(amplifiedPlanes.data(), rgb.data()) > 1e-3,
                    "planes of the amplified input would differ");
        }
    }
}
