package io.nightshift.inference.pipeline;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.image.NoisePlanes;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.ratio.RatioDecision;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.Stage;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.pack.SidPacker;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A decoded frame to display sRGB, the same way in the worker, the command line and the trainer's
 * evaluation: SID packing, the ratio decision (given, or estimated and clamped), packing-to-input,
 * tiled enhancement, the contract's post-processing ({@link #enhanceLinear} stops before it, for a linear
 * DNG). Use one per thread (the tiler reuses buffers);
 * it does not own the sessions.
 */
public final class FrameEnhancer {

    private final EnhancerSession enhancer;
    private final RatioEstimator ratio;
    private final TiledEnhancer tiler;

    public FrameEnhancer(EnhancerSession enhancer, RatioEstimator ratio, TilingConfig tiling) {
        this.enhancer = enhancer;
        this.ratio = ratio;
        this.tiler = new TiledEnhancer(enhancer, tiling);
    }

    /** The frame as display sRGB: {@link #enhanceLinear} and the contract's post-processing. */
    public EnhancedFrame enhance(DecodedRaw raw, OptionalDouble givenRatio) {
        LinearFrame linear = enhanceLinear(raw, givenRatio);
        Map<Stage, Long> ms = new EnumMap<>(Stage.class);
        ms.putAll(linear.stageMs());
        long t = System.nanoTime();
        PlanarImage srgb = linear.post().apply(linear.rgb());
        lap(ms, Stage.POST, t);
        return new EnhancedFrame(srgb, linear.ratio(), linear.enhancerVersion(), ms);
    }

    /** The frame up to the enhancer's linear output, with the post-processing that would make it sRGB. */
    public LinearFrame enhanceLinear(DecodedRaw raw, OptionalDouble givenRatio) {
        Map<Stage, Long> ms = new EnumMap<>(Stage.class);
        long t = System.nanoTime();
        PackedRaw packed = SidPacker.pack(raw);
        PlanarImage planar = FrameInputs.planar(packed);
        WhiteBalance wb = FrameInputs.whiteBalance(raw);
        t = lap(ms, Stage.PACK, t);
        RatioDecision decision = ratio.decide(planar, wb, givenRatio);
        t = lap(ms, Stage.RATIO, t);
        NoisePlanes noise = enhancer.noisePlanes(planar, decision.ratio());
        EnhancerInput.into(planar, wb, (float) decision.ratio(), planar);
        PlanarImage rgb = tiler.enhance(planar, noise);
        lap(ms, Stage.INFER, t);
        return new LinearFrame(rgb, FrameInputs.postProcessor(raw, packed), decision, enhancer.modelVersion(), ms);
    }

    private static long lap(Map<Stage, Long> ms, Stage stage, long since) {
        long now = System.nanoTime();
        ms.put(stage, (now - since) / 1_000_000);
        return now;
    }
}
