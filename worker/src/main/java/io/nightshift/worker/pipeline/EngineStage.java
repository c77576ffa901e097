package io.nightshift.worker.pipeline;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.image.NoisePlanes;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.pipeline.FrameEnhancer;
import io.nightshift.inference.pipeline.FrameInputs;
import io.nightshift.inference.ratio.RatioDecision;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.PoisonJobException;
import io.nightshift.protocol.RatioSource;
import io.nightshift.protocol.Stage;
import io.nightshift.raw.RawMetadata;
import java.util.OptionalDouble;

/**
 * The engine's part of a job, on the engine thread only: pin one model set for the job, decide the ratio
 * (the job's, or the set's estimator, clamped), build the enhancer input in place in the packed buffer, run
 * the tiled U-Net. The same steps as {@code FrameEnhancer} minus packing (done by the decode stage, fused
 * with LibRaw's unpack) and post-processing (done off the engine thread). The tiler is reused while the
 * serving set's enhancer stays the same.
 */
final class EngineStage {

    private final ModelRegistry registry;
    private final RatioRange range;
    private final TilingConfig tiling;
    private EnhancerSession tiledSession;
    private TiledEnhancer tiler;

    private final EngineExhaustionHook exhaustionHook;

    EngineStage(ModelRegistry registry, RatioRange range, TilingConfig tiling, EngineExhaustionHook exhaustionHook) {
        this.exhaustionHook = exhaustionHook;
        this.registry = registry;
        this.range = range;
        this.tiling = tiling;
    }

    void run(JobTask t) {
        if (t.enhancerInputBuilt) {
            // the input was built in place in the packed buffer by a run that then failed: it cannot be rebuilt,
            // and a retry on it would amplify twice
            throw new PoisonJobException(ErrorClass.INTERNAL, "inference failed after its input was prepared; not retried");
        }
        try (ModelLease lease = registry.acquire()) {
            long start = System.nanoTime();
            RawMetadata m = t.metadata;
            PlanarImage planar = FrameInputs.planar(t.packed);
            WhiteBalance wb = FrameInputs.whiteBalance(m);
            OptionalDouble given = t.job.ratio() == null ? OptionalDouble.empty() : OptionalDouble.of(t.job.ratio());
            RatioDecision decision = new RatioEstimator(lease.ratio(), range).decide(planar, wb, given);
            long ratioDone = System.nanoTime();
            t.add(Stage.RATIO, ratioDone - start);
            NoisePlanes noise = lease.enhancer().noisePlanes(planar, decision.ratio());
            t.enhancerInputBuilt = true;
            EnhancerInput.into(planar, wb, (float) decision.ratio(), planar);
            exhaustionHook.maybeExhaust(t.job);
            t.rgb = tiler(lease.enhancer()).enhance(planar, noise);
            t.add(Stage.INFER, System.nanoTime() - ratioDone);
            t.ratio = decision.ratio();
            t.ratioSource = RatioSource.valueOf(decision.source().name());
            t.modelSet = lease.version();
        }
    }

    private TiledEnhancer tiler(EnhancerSession session) {
        if (session != tiledSession) {
            tiler = new TiledEnhancer(session, tiling);
            tiledSession = session;
        }
        return tiler;
    }
}
