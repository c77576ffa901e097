package io.nightshift.trainer.noise;

import java.util.random.RandomGenerator;

/**
 * Exact Poisson variates: multiplication of uniforms (Knuth) below a mean of 10, Hörmann's transformed
 * rejection with squeeze (PTRS, 1993) above, which costs O(1) for any mean (a photo-electron count can
 * reach 10⁵).
 */
final class PoissonSampler {

    private static final double[] LOG_FACTORIAL = new double[10];

    static {
        for (int k = 1; k < LOG_FACTORIAL.length; k++) {
            LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
        }
    }

    private PoissonSampler() {
    }

    static long sample(double mean, RandomGenerator random) {
        if (!(mean >= 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("a Poisson mean must be finite and ≥ 0, got " + mean);
        }
        if (mean == 0) {
            return 0;
        }
        return mean < 10 ? multiplication(mean, random) : transformedRejection(mean, random);
    }

    private static long multiplication(double mean, RandomGenerator random) {
        double limit = Math.exp(-mean);
        long k = 0;
        double p = random.nextDouble();
        while (p > limit) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    private static long transformedRejection(double mean, RandomGenerator random) {
        double sqrt = Math.sqrt(mean);
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * sqrt;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logMean - logFactorial(k)) {
                return k;
            }
        }
    }

    /** ln k!, exact below 10, Stirling's series (error &lt; 1e-10) above. */
    static double logFactorial(long k) {
        if (k < LOG_FACTORIAL.length) {
            return LOG_FACTORIAL[(int) k];
        }
        double x = k;
        double inv = 1 / x;
        double inv2 = inv * inv;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
    }
}
