package io.nightshift.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.nightshift.contract.onnx.RatioNetwork;
import io.nightshift.trainer.engine.TorchEngine;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RatioCnnTest {

    /**
     * The trainer's exposure prior (a sort) equals the contract's ({@link RatioNetwork#priorLog2Ratio}, which the
     * ONNX graph computes with TopK) on thumbs across the ratio range, both clips included.
     */
    @Test
    void exposurePriorMatchesTheContractsPercentileEstimate() {
        int per = 3 * 64 * 64;
        float[] scales = {0.5f, 0.05f, 0.006f, 0.0015f, 0f, 2f};
        float[] thumbs = new float[scales.length * per];
        SplittableRandom r = new SplittableRandom(21);
        for (int i = 0; i < thumbs.length; i++) {
            thumbs[i] = (float) (scales[i / per] * r.nextDouble() * r.nextDouble());
        }
        try (NDManager m = TorchEngine.get().newBaseManager()) {
            NDArray prior = RatioCnn.prior(m.create(thumbs, new Shape(scales.length, 3, 64, 64)),
                    RatioNetwork.PRIOR_LEVEL);
            assertEquals(new Shape(scales.length, 1), prior.getShape());
            float[] got = prior.toFloatArray();
            for (int n = 0; n < scales.length; n++) {
                float expected = RatioNetwork.priorLog2Ratio(Arrays.copyOfRange(thumbs, n * per, (n + 1) * per));
                assertEquals(expected, got[n], 1e-5, "thumb " + n + " at scale " + scales[n]);
            }
            assertEquals(RatioNetwork.PRIOR_MAX, got[4], 1e-6);
            assertEquals(0f, got[5], 1e-6);
        }
    }
}
