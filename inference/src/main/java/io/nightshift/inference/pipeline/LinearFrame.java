package io.nightshift.inference.pipeline;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.inference.ratio.RatioDecision;
import io.nightshift.protocol.Stage;
import java.util.Map;

/**
 * One enhanced frame before post-processing: the enhancer's output (white-balanced linear camera RGB
 * {@code [3, H, W]} of the packing crop, sensor orientation), the post-processing that makes it the display
 * sRGB of the oriented visible frame (its {@link PostProcessor#frame()} says where that frame lies), the ratio
 * used and where it came from, the enhancer's model version, and milliseconds per stage ({@code pack},
 * {@code ratio}, {@code infer}).
 */
public record LinearFrame(PlanarImage rgb, PostProcessor post, RatioDecision ratio, String enhancerVersion,
        Map<Stage, Long> stageMs) {

    public LinearFrame {
        stageMs = Map.copyOf(stageMs);
    }
}
