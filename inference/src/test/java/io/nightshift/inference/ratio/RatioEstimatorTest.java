package io.nightshift.inference.ratio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.Thumbnail;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.inference.testing.TestModels;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RatioEstimatorTest {

    private static final WhiteBalance WB = new WhiteBalance(2.0f, 1.0f, 1.6f);

    private static InferenceEngine engine;
    private static RatioSession session;

    @BeforeAll
    static void load() {
        engine = new InferenceEngine(EngineConfig.cpu(1));
        session = engine.loadRatioEstimator(TestModels.ratioEstimator(41));
    }

    @AfterAll
    static void close() {
        session.close();
        engine.close();
    }

    @Test
    void estimatesFromTheThumbWithinAWideRangeUnclamped() {
        PlanarImage packed = TestModels.packedImage(42, 4, 90, 130);
        float log2 = session.log2Ratio(Thumbnail.of(packed, WB));
        RatioDecision d = new RatioEstimator(session, new RatioRange(1e-12, 1e12)).decide(packed, WB, OptionalDouble.empty());
        assertEquals(RatioSource.ESTIMATED, d.source());
        assertEquals("estimated", d.source().wireName());
        assertEquals(Math.pow(2, log2), d.ratio(), 1e-9 * d.ratio());
        assertFalse(d.clamped());
    }

    @Test
    void clampsTheEstimateToTheConfiguredRange() {
        PlanarImage packed = TestModels.packedImage(43, 4, 64, 64);
        double raw = Math.pow(2, session.log2Ratio(Thumbnail.of(packed, WB)));
        // a range just above and one just below the raw estimate: each clamps to its near end
        RatioDecision above = new RatioEstimator(session, new RatioRange(raw * 2, raw * 4))
                .decide(packed, WB, OptionalDouble.empty());
        RatioDecision below = new RatioEstimator(session, new RatioRange(raw / 4, raw / 2))
                .decide(packed, WB, OptionalDouble.empty());
        assertEquals(raw * 2, above.ratio(), 1e-9 * raw);
        assertEquals(raw / 2, below.ratio(), 1e-9 * raw);
        assertTrue(above.clamped() && below.clamped());
        assertEquals(raw, above.estimated(), 1e-9 * raw);
    }

    @Test
    void anExplicitRatioOverridesTheEstimateEvenOutsideTheRange() {
        RatioDecision d = new RatioEstimator(session, RatioRange.DEFAULT)
                .decide(TestModels.packedImage(44, 4, 32, 32), WB, OptionalDouble.of(512));
        assertEquals(512, d.ratio());
        assertEquals(RatioSource.GIVEN, d.source());
        assertEquals("given", d.source().wireName());
        assertTrue(Double.isNaN(d.estimated()));
        assertThrows(IllegalArgumentException.class, () -> new RatioEstimator(session, RatioRange.DEFAULT)
                .decide(TestModels.packedImage(44, 4, 32, 32), WB, OptionalDouble.of(0)));
    }

    @Test
    void theDefaultRangeIsOneToThreeHundred() {
        assertEquals(1, RatioRange.DEFAULT.min());
        assertEquals(300, RatioRange.DEFAULT.max());
        assertEquals(300, RatioRange.DEFAULT.clamp(1e6));
        assertEquals(1, RatioRange.DEFAULT.clamp(0.01));
        // what a worker serves for a network's estimate: clamped, and a NaN estimate taken as the range's minimum
        assertEquals(300, RatioRange.DEFAULT.served(1e6));
        assertEquals(42.5, RatioRange.DEFAULT.served(42.5));
        assertEquals(1, RatioRange.DEFAULT.served(Double.NaN));
        assertEquals(5, new RatioRange(5, 10).served(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new RatioRange(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new RatioRange(10, 5));
    }
}
