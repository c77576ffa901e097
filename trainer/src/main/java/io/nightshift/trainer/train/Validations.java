package io.nightshift.trainer.train;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.PostProcessor;
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

    /** Where the enhancer's validation PSNR is measured. */
    public enum Domain {
        /** linear camera RGB */
        LINEAR("dB"),
        /** camera RGB through the sRGB curve ({@link EncodedL1Loss}'s domain) */
        ENCODED("dB sRGB"),
        /** each example's colour matrix, then the sRGB curve: the contract's post-processing, as evaluate judges */
        DISPLAY("dB display");

        private final String unit;

        Domain(String unit) {
            this.unit = unit;
        }
    }

    /** Mean PSNR (dB) of the enhancer's output against the targets in {@code domain}, both clipped as shown. */
    public static Validation enhancerPsnr(List<Batch> batches, Domain domain) {
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
                        sum += domain == Domain.DISPLAY
                                ? displayPsnr(out, b.target(), i * per, per, (int) b.targetShape().get(2),
                                        (int) b.targetShape().get(3), b.colour(), 9 * i)
                                : psnr(out, b.target(), i * per, per, domain == Domain.ENCODED);
                        n++;
                    }
                }
                return sum / n;
            }

            @Override
            public String describe(double score) {
                return String.format(Locale.ROOT, "val %.2f %s", score, domain.unit);
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

    /**
     * PSNR of one item {@code [3, h, w]} at {@code from} ({@code n} values) after the contract's post-processing
     * ({@link PostProcessor#colourOnly}: clip, the item's matrix {@code colour[m .. m + 9)} row-major, sRGB curve) of
     * both the prediction and the target.
     */
    static double displayPsnr(float[] prediction, float[] target, int from, int n, int h, int w, float[] colour,
            int m) {
        if (colour.length < m + 9 || n != 3 * h * w) {
            throw new IllegalArgumentException("display validation needs each example's colour matrix and its size");
        }
        double[] matrix = new double[9];
        for (int k = 0; k < 9; k++) {
            matrix[k] = colour[m + k];
        }
        PostProcessor post = PostProcessor.colourOnly(ColorMatrix.of(matrix), w, h);
        float[] p = post.apply(new PlanarImage(Arrays.copyOfRange(prediction, from, from + n), 3, h, w)).data();
        float[] t = post.apply(new PlanarImage(Arrays.copyOfRange(target, from, from + n), 3, h, w)).data();
        double se = 0;
        for (int i = 0; i < n; i++) {
            double d = p[i] - t[i];
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
