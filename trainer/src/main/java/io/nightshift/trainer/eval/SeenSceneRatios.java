package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.trainer.data.PhotoPairGenerator;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.data.SourceSplit;
import io.nightshift.trainer.train.Batch;
import io.nightshift.trainer.train.SyntheticBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A second look at ratio estimation, beside the held-out set: fresh dark frames (new crops, ratios and noise, drawn
 * with their own seed) of the <em>training-split</em> photographs, whose scenes training has seen. The held-out set
 * has only as many scenes as held-out photographs (4 of Debian's 30 wallpapers), and a ratio estimate depends mostly
 * on how bright the scene is, so its ratio figures measure those few scenes as much as the estimator; these 26
 * scenes say how the CNN and the heuristic compare where the scene is not the luck of the draw. Not a substitute
 * for the held-out figures (the scenes are not new), and reported under their own keys.
 */
public final class SeenSceneRatios {

    /** The frames' seed: not one the training run draws with (its batches use 1, its validation sets 1001–2004). */
    public static final long SEED = 77_000;
    public static final int FRAMES = 256;

    /** The errors in stops (|log2 decided − log2 true|) of the CNN (clamped as the worker clamps) and the heuristic. */
    public record Errors(double[] cnn, double[] heuristic) {
    }

    private SeenSceneRatios() {
    }

    public static Errors measure(List<Path> photoFolders, RatioSession cnn, RatioRange range) throws IOException {
        List<PlanarImage> photos = PhotoSources.readAll(SourceSplit.DEFAULT.training(PhotoSources.list(photoFolders)));
        SyntheticBatches data = new SyntheticBatches(photos, List.of(), 0, PhotoPairGenerator.sid(128), null, 64, SEED);
        int per = 3 * 64 * 64;
        List<Double> cnnErrors = new ArrayList<>();
        List<Double> heuristicErrors = new ArrayList<>();
        for (int b = 0; b < FRAMES / 64; b++) {
            Batch batch = data.ratioBatch(new SplittableRandom(SEED + b), 64);
            for (int k = 0; k < 64; k++) {
                PlanarImage thumb = PlanarImage.zeros(3, 64, 64);
                System.arraycopy(batch.input(), k * per, thumb.data(), 0, per);
                double truth = batch.target()[k];
                double decided = range.clamp(Math.pow(2, cnn.log2Ratio(thumb)));
                cnnErrors.add(Math.abs(Math.log(decided) / Math.log(2) - truth));
                heuristicErrors.add(Math.abs(RatioHeuristic.log2Ratio(thumb) - truth));
            }
        }
        return new Errors(cnnErrors.stream().mapToDouble(Double::doubleValue).toArray(),
                heuristicErrors.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
