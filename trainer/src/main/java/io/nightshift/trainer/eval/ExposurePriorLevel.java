package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.onnx.RatioNetwork;
import io.nightshift.trainer.data.PhotoPairGenerator;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.data.ServiceFrames;
import io.nightshift.trainer.data.SourceSplit;
import io.nightshift.trainer.train.SyntheticBatches;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where the exposure prior's level sits for a kind of ratio example: over {@value #EXAMPLES} synthetic examples of the
 * training-split photographs, {@code log2 p98 + log2 ratio} (the thumb's 98th percentile brought to the true
 * exposure), its median — the level {@link RatioNetwork#PRIOR_LEVEL} is — and its 10th and 90th percentiles, for
 * thumbs of small frames (the examples sets up to 2026-11-27.3 were trained on) and for thumbs of whole frames of
 * service sizes ({@link ServiceFrames#TYPICAL}). Run: {@code java … io.nightshift.trainer.eval.ExposurePriorLevel};
 * the last line is one JSON object.
 */
public final class ExposurePriorLevel {
    static final int EXAMPLES = 400;
    private static final long SEED = 5;

    private ExposurePriorLevel() {
    }

    public static void main(String[] args) throws IOException {
        List<PlanarImage> photos = PhotoSources.readAll(SourceSplit.DEFAULT.training(
                PhotoSources.list(PhotoSources.DEFAULT_FOLDERS)));
        SyntheticBatches patch = new SyntheticBatches(photos, List.of(), 0, PhotoPairGenerator.sid(128), null, 1, SEED);
        double[] small = levels(patch);
        double[] service = levels(patch.withServiceFrames(ServiceFrames.TYPICAL));
        System.out.printf(Locale.ROOT, "small-frame thumbs:   median %.3f  p10 %.3f  p90 %.3f (log2 of the level)%n",
                Percentiles.of(small, 0.5), Percentiles.of(small, 0.1), Percentiles.of(small, 0.9));
        System.out.printf(Locale.ROOT, "service-frame thumbs: median %.3f  p10 %.3f  p90 %.3f%n",
                Percentiles.of(service, 0.5), Percentiles.of(service, 0.1), Percentiles.of(service, 0.9));
        System.out.printf(Locale.ROOT, "{\"examples\":%d,\"photos\":%d,\"small_log2_level\":%.3f,\"small_p10\":%.3f,"
                        + "\"small_p90\":%.3f,\"service_log2_level\":%.3f,\"service_p10\":%.3f,\"service_p90\":%.3f,"
                        + "\"service_level\":%.4f,\"contract_level\":%.4f}%n", EXAMPLES, photos.size(),
                Percentiles.of(small, 0.5), Percentiles.of(small, 0.1), Percentiles.of(small, 0.9),
                Percentiles.of(service, 0.5), Percentiles.of(service, 0.1), Percentiles.of(service, 0.9),
                Math.pow(2, Percentiles.of(service, 0.5)), RatioNetwork.PRIOR_LEVEL);
    }

    /** {@code log2 p98 + log2 ratio} of each example. */
    static double[] levels(SyntheticBatches data) {
        double[] out = new double[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            var sample = data.ratioSample(new SplittableRandom(SEED * 1_000_003L + i));
            out[i] = Math.log(RatioNetwork.p98(sample.thumb().data())) / Math.log(2) + sample.log2Ratio();
        }
        return out;
    }
}
