package io.nightshift.trainer.train;

import io.nightshift.contract.post.SrgbCurve;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fixed validation sets drawn once, with their own seed, from the training sources (the held-out set stays
 * untouched for {@code evaluate}).
 */
public final class Validations {

    private Validations() {
    }

    /**
     * Mean PSNR (dB) of the enhancer's clipped output against the targets, linear, or both through the sRGB curve
     * when {@code encoded} (the domain {@code evaluate} judges in and {@link EncodedL1Loss} trains in).
     */
    public static Validation enhancerPsnr(List<Batch> batches, boolean encoded) {
        List<Batch> fixed = List.copyOf(batches);
        return new Validation() {
            @Override
            public double score(SupervisedTrainer trainer) {
                double sum = 0;
                int n = 0;
                for (Batch b : fixed) {
                    float[] out = trainer.predict(b.input(), b.inputShape());
                    int items = (int) b.targetShape().get(0);
                    int per = out.length / items;
                    for (int i = 0; i < items; i++) {
                        sum += psnr(out, b.target(), i * per, per, encoded);
                        n++;
                    }
                }
                return sum / n;
            }

            @Override
            public String describe(double score) {
                return String.format(Locale.ROOT, encoded ? "val %.2f dB sRGB" : "val %.2f dB", score);
            }
        };
    }

    /** Minus the mean absolute error in stops (|log2 predicted − log2 true|) of the ratio CNN. */
    public static Validation ratioStops(List<Batch> batches) {
        List<Batch> fixed = List.copyOf(batches);
        return new Validation() {
            @Override
            public double score(SupervisedTrainer trainer) {
                List<Double> errors = new ArrayList<>();
                for (Batch b : fixed) {
                    float[] out = trainer.predict(b.input(), b.inputShape());
                    for (int i = 0; i < out.length; i++) {
                        errors.add((double) Math.abs(out[i] - b.target()[i]));
                    }
                }
                return -errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            }

            @Override
            public String describe(double score) {
                return String.format(Locale.ROOT, "val %.3f stop", -score);
            }
        };
    }

    /**
     * PSNR of {@code prediction} clipped to [0, 1] against {@code target} over {@code [from, from + n)}, linear or
     * both sRGB-encoded.
     */
    static double psnr(float[] prediction, float[] target, int from, int n, boolean encoded) {
        double se = 0;
        for (int i = from; i < from + n; i++) {
            double p = Math.min(Math.max(prediction[i], 0), 1);
            double d = encoded ? SrgbCurve.encode(p) - SrgbCurve.encode(Math.min(Math.max(target[i], 0), 1))
                    : p - target[i];
            se += d * d;
        }
        return 10 * Math.log10(1 / Math.max(se / n, 1e-12));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
