package io.nightshift.trainer.eval;

import io.nightshift.contract.FloatArrays;
import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.pipeline.FrameEnhancer;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerPrecision;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.trainer.data.EvaluationScenes;
import io.nightshift.trainer.data.WholeFrames;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Whether an overlap smaller than the receptive field's keeps tiled output within one 8-bit level of the whole-frame
 * run on real content: the validation split's whole frames ({@link WholeFrames}, 6 MP, every layout, ratios 1–300)
 * through the worker's {@link FrameEnhancer} whole and in tiles of {@value #TILE} (so every frame has seams; the
 * default tile would hold a 6 MP frame whole) at each overlap tried, compared after post-processing (sRGB, 0–1).
 * Never run on {@code bench tiling}'s frame or on held-out v3. Args: {@code [--models DIR] [--frames N]}; the last
 * line is one JSON object: per overlap the largest difference over all frames in 8-bit levels, and the smallest
 * overlap within one level on every frame.
 */
public final class OverlapCheck {
    static final int TILE = 512;
    static final int[] OVERLAPS = {160, 192, 224, 256};

    private OverlapCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of("models/default");
        int frames = 12;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = Path.of(args[++i]);
                case "--frames" -> frames = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: OverlapCheck [--models DIR] [--frames N]");
            }
        }
        List<Path> photos = EvaluationScenes.installed(Path.of(".nightshift/eval-v3/photos"))
                .photos(EvaluationScenes.Split.VALIDATION);
        WholeFrames whole = WholeFrames.of(photos, WholeFrames.DEFAULT_SEED, frames);
        Map<Integer, Double> worst = new LinkedHashMap<>();
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu().withSpinWait(false)
                .withPrecision(EnhancerPrecision.FP32));
             ModelRegistry registry = new ModelRegistry(engine);
             RawDecoder decoder = new RawDecoder()) {
            registry.loadFolder(models);
            try (ModelLease lease = registry.acquire()) {
                RatioEstimator ratio = new RatioEstimator(lease.ratio(), RatioRange.DEFAULT);
                FrameEnhancer reference = new FrameEnhancer(lease.enhancer(), ratio, TilingConfig.wholeImage());
                for (int i = 0; i < whole.count(); i++) {
                    WholeFrames.Item item = whole.item(i);
                    DecodedRaw raw = decoder.decode(item.frame().dng());
                    PlanarImage ref = reference.enhance(raw, OptionalDouble.of(item.ratio())).srgb();
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "frame %2d/%d %-28s", i + 1,
                            whole.count(), item.name()));
                    for (int overlap : OVERLAPS) {
                        FrameEnhancer tiled = new FrameEnhancer(lease.enhancer(), ratio,
                                new TilingConfig(TILE, overlap, TilingConfig.DEFAULT_FEATHER, 1));
                        PlanarImage out = tiled.enhance(raw, OptionalDouble.of(item.ratio())).srgb();
                        double levels = 255 * FloatArrays.maxAbsDiff(ref.data(), out.data()); // post-processing clips to [0, 1]
                        worst.merge(overlap, levels, Math::max);
                        line.append(String.format(Locale.ROOT, "  %d: %.3f", overlap, levels));
                    }
                    System.out.println(line.append(" levels"));
                }
            }
        }
        Integer chosen = null;
        for (int overlap : OVERLAPS) {
            if (chosen == null && worst.get(overlap) <= 1.0) {
                chosen = overlap;
            }
        }
        StringBuilder json = new StringBuilder("{\"frames\":").append(whole.count()).append(",\"tile\":").append(TILE)
                .append(",\"max_levels\":{");
        worst.forEach((k, v) -> json.append('"').append(k).append("\":").append(String.format(Locale.ROOT, "%.4f", v))
                .append(','));
        json.setLength(json.length() - 1);
        json.append("},\"smallest_within_one_level\":").append(chosen).append(",\"default_overlap\":")
                .append(TilingConfig.DEFAULT_OVERLAP).append('}');
        System.out.println(json);
    }
}
