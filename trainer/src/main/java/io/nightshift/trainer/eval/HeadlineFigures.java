package io.nightshift.trainer.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Evaluation v3's headline figures, each with its scene-level bootstrap 95 % interval ({@link SceneBootstrap}):
 * from the set's items (256-pixel packed crops) at ratios 100–300 the gain over both classical baselines, SSIM, PSNR
 * with the estimated ratio and exposure-compensated; at 1–10 the gain over the classical baseline; the ratio CNN's
 * error over all bands; from the whole-frame items the ratio error and the PSNR the estimated ratio costs, and where an
 * {@link OracleRatio} was run the same for the oracle's ratio (the reference) and the median of what the estimate
 * loses against it, frame by frame ({@code psnr_estimated_below_oracle_db}). A figure with no items to measure is
 * absent from {@link #values()} (so null in the JSON line).
 */
public final class HeadlineFigures {

    /** The figures measured only where an oracle ran: they describe the oracle as much as the set. */
    public static final List<String> ORACLE_KEYS = List.of("oracle_ratio_psnr_loss_db",
            "psnr_estimated_below_oracle_db", "ratio_whole_frame_oracle_median_stops",
            "ratio_whole_frame_oracle_p90_stops");

    /** The keys, in the order the JSON line gives them. */
    public static final List<String> KEYS = Stream.concat(Stream.of("psnr_gain_db", "psnr_gain_denoised_baseline_db",
            "psnr_gain_low_ratio_db", "ssim", "psnr_estimated_ratio_db", "psnr_exposure_compensated_db",
            "ratio_median_stops", "ratio_p90_stops", "ratio_whole_frame_median_stops", "ratio_whole_frame_p90_stops",
            "estimated_ratio_psnr_loss_db", "whole_frame_psnr_net_db", "whole_frame_psnr_estimated_ratio_db",
            "whole_frame_psnr_exposure_compensated_db"), ORACLE_KEYS.stream()).toList();

    private final Map<String, SceneBootstrap.Interval> figures = new LinkedHashMap<>();

    public HeadlineFigures(List<Evaluation.ItemResult> items, List<Evaluation.ItemResult> wholeFrames) {
        Predicate<Evaluation.ItemResult> high = r -> r.entry().band().equals("100-300");
        Predicate<Evaluation.ItemResult> low = r -> r.entry().band().equals("1-10");
        mean("psnr_gain_db", items, high, r -> r.psnrNet() - r.psnrClassical());
        mean("psnr_gain_denoised_baseline_db", items, high, r -> r.psnrNet() - r.psnrDenoised());
        mean("psnr_gain_low_ratio_db", items, low, r -> r.psnrNet() - r.psnrClassical());
        mean("ssim", items, high, Evaluation.ItemResult::ssimNet);
        mean("psnr_estimated_ratio_db", items, high, Evaluation.ItemResult::psnrEstimated);
        mean("psnr_exposure_compensated_db", items, high, Evaluation.ItemResult::psnrCompensated);
        quantile("ratio_median_stops", items, 0.5, Evaluation.ItemResult::ratioError);
        quantile("ratio_p90_stops", items, 0.9, Evaluation.ItemResult::ratioError);
        quantile("ratio_whole_frame_median_stops", wholeFrames, 0.5, Evaluation.ItemResult::ratioError);
        quantile("ratio_whole_frame_p90_stops", wholeFrames, 0.9, Evaluation.ItemResult::ratioError);
        quantile("estimated_ratio_psnr_loss_db", wholeFrames, 0.5, Evaluation.ItemResult::estimatedRatioLoss);
        mean("whole_frame_psnr_net_db", wholeFrames, r -> true, Evaluation.ItemResult::psnrNet);
        mean("whole_frame_psnr_estimated_ratio_db", wholeFrames, r -> true, Evaluation.ItemResult::psnrEstimated);
        mean("whole_frame_psnr_exposure_compensated_db", wholeFrames, r -> true,
                Evaluation.ItemResult::psnrCompensated);
        List<Evaluation.ItemResult> oracle = wholeFrames.stream().filter(Evaluation.ItemResult::hasOracle).toList();
        quantile("oracle_ratio_psnr_loss_db", oracle, 0.5, Evaluation.ItemResult::oracleRatioLoss);
        quantile("psnr_estimated_below_oracle_db", oracle, 0.5, r -> r.psnrOracle() - r.psnrEstimated());
        quantile("ratio_whole_frame_oracle_median_stops", oracle, 0.5, Evaluation.ItemResult::oracleRatioError);
        quantile("ratio_whole_frame_oracle_p90_stops", oracle, 0.9, Evaluation.ItemResult::oracleRatioError);
    }

    /** The figures measured, by key, with their intervals. */
    public Map<String, SceneBootstrap.Interval> values() {
        return figures;
    }

    private void mean(String key, List<Evaluation.ItemResult> items, Predicate<Evaluation.ItemResult> which,
            ToDoubleFunction<Evaluation.ItemResult> value) {
        List<Evaluation.ItemResult> in = items.stream().filter(which).toList();
        if (!in.isEmpty()) {
            figures.put(key, SceneBootstrap.mean(in, Evaluation.ItemResult::scene, value));
        }
    }

    private void quantile(String key, List<Evaluation.ItemResult> items, double q,
            ToDoubleFunction<Evaluation.ItemResult> value) {
        if (!items.isEmpty()) {
            figures.put(key, SceneBootstrap.statistic(items, Evaluation.ItemResult::scene,
                    values -> Percentiles.of(values, q), value));
        }
    }
}
