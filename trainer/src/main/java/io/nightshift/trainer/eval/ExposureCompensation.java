package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.SrgbCurve;

/**
 * PSNR after the best single exposure gain: the output's display image is taken back to linear light, multiplied
 * by the gain {@code g} that brings it closest to the target (mean squared error in display sRGB, as {@link
 * ImageQuality#psnr} measures), and encoded again. What remains is the image's quality apart from its brightness:
 * an estimated ratio that is off by half a stop costs plain PSNR several dB and this figure almost nothing.
 *
 * <p>The gain is searched over ±{@value #MAX_STOPS} stops by golden section on log2 g (the error is unimodal in
 * practice: one brightness fits best), on a subsample of at most {@value #MAX_SAMPLES} samples, then the PSNR is
 * measured on every sample with that gain. Encoding goes through a table of {@value #TABLE} entries over linear
 * [0, 1] with linear interpolation (error below 2·10⁻⁵ of full scale, far below one 8-bit step).
 */
public final class ExposureCompensation {
    /** The widest correction searched, in stops either way. */
    public static final double MAX_STOPS = 4;
    static final int MAX_SAMPLES = 1 << 18;
    static final int TABLE = 1 << 16;
    private static final float[] ENCODE = encodeTable();
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    /** The gain found and the PSNR with it. */
    public record Result(double gain, double psnr) {
        public double stops() {
            return Math.log(gain) / Math.log(2);
        }
    }

    private ExposureCompensation() {
    }

    /** The best single gain for {@code output} against {@code target} (display images in [0, 1]) and its PSNR. */
    public static Result psnr(PlanarImage output, PlanarImage target) {
        if (output.channels() != target.channels() || output.height() != target.height()
                || output.width() != target.width()) {
            throw new IllegalArgumentException("images differ in shape");
        }
        float[] linear = linear(output.data());
        float[] reference = target.data();
        int step = Math.max(1, linear.length / MAX_SAMPLES);
        double lo = -MAX_STOPS;
        double hi = MAX_STOPS;
        double a = hi - GOLDEN * (hi - lo);
        double b = lo + GOLDEN * (hi - lo);
        double fa = error(linear, reference, Math.pow(2, a), step);
        double fb = error(linear, reference, Math.pow(2, b), step);
        while (hi - lo > 1e-3) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - GOLDEN * (hi - lo);
                fa = error(linear, reference, Math.pow(2, a), step);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + GOLDEN * (hi - lo);
                fb = error(linear, reference, Math.pow(2, b), step);
            }
        }
        double gain = Math.pow(2, (lo + hi) / 2);
        double mse = error(linear, reference, gain, 1);
        return new Result(gain, 10 * Math.log10(1 / Math.max(mse, 1e-12)));
    }

    /** Mean squared display error of {@code gain × linear} against {@code reference}, every {@code step}-th sample. */
    private static double error(float[] linear, float[] reference, double gain, int step) {
        double se = 0;
        long n = 0;
        float g = (float) gain;
        for (int i = 0; i < linear.length; i += step) {
            double d = encode(linear[i] * g) - reference[i];
            se += d * d;
            n++;
        }
        return se / n;
    }

    static float encode(float linear) {
        if (!(linear > 0)) {
            return 0;
        }
        if (linear >= 1) {
            return 1;
        }
        float position = linear * (TABLE - 1);
        int i = (int) position;
        float f = position - i;
        return i + 1 < TABLE ? ENCODE[i] + f * (ENCODE[i + 1] - ENCODE[i]) : ENCODE[i];
    }

    private static float[] linear(float[] display) {
        float[] out = new float[display.length];
        for (int i = 0; i < display.length; i++) {
            out[i] = (float) SrgbCurve.decode(display[i]);
        }
        return out;
    }

    private static float[] encodeTable() {
        float[] table = new float[TABLE];
        for (int i = 0; i < TABLE; i++) {
            table[i] = (float) SrgbCurve.encode(i / (double) (TABLE - 1));
        }
        return table;
    }
}
