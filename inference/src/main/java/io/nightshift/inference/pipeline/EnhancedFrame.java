package io.nightshift.inference.pipeline;

import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.ratio.RatioDecision;
import io.nightshift.protocol.Stage;
import java.util.Map;

/**
 * One enhanced frame: display sRGB {@code [3, H, W]} of the oriented visible frame, the ratio used and
 * where it came from, the enhancer's model version, and milliseconds per stage ({@code pack},
 * {@code ratio}, {@code infer}, {@code post}).
 */
public record EnhancedFrame(PlanarImage srgb, RatioDecision ratio, String enhancerVersion, Map<Stage, Long> stageMs) {

    public EnhancedFrame {
        stageMs = Map.copyOf(stageMs);
    }
}
