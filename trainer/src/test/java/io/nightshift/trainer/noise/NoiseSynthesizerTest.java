package io.nightshift.trainer.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The statistics of generated noise against the model: mean, total variance, row variance. */
class NoiseSynthesizerTest {

    private static final int ROWS = 1024;
    private static final int COLUMNS = 512;

    @ParameterizedTest(name = "{0} DN, K {1}, σ_read {2}, σ_row {3}")
    @CsvSource({
        "200, 2.0, 2.5, 1.2",   // PTRS branch of the shot noise
        "5, 4.0, 3.0, 1.0",     // a very dark frame: 1.25 electrons, multiplication branch
        "1000, 0.5, 1.5, 0.6",  // low gain, mostly shot noise
    })
    void flatFieldMatchesTheModel(double signal, double k, double readSigma, double rowSigma) {
        NoiseParameters p = new NoiseParameters(k, readSigma, rowSigma);
        float[] clean = new float[ROWS * COLUMNS];
        Arrays.fill(clean, (float) signal);
        float[] noisy = NoiseSynthesizer.apply(clean, ROWS, COLUMNS, p, new SplittableRandom(42));

        double n = noisy.length;
        double mean = 0;
        for (float v : noisy) {
            assertEquals(Math.rint(v), v, "quantized to whole DN");
            mean += v;
        }
        mean /= n;
        double variance = 0;
        for (float v : noisy) {
            variance += (v - mean) * (v - mean);
        }
        variance /= n - 1;
        double expected = p.variance(signal);
        double meanError = Math.sqrt(expected / n + rowSigma * rowSigma / ROWS);
        assertEquals(signal, mean, 5 * meanError, "mean");
        assertEquals(expected, variance, 5 * expected * Math.sqrt(2 / n) + 5 * rowSigma * rowSigma * Math.sqrt(2.0 / ROWS),
                "variance: shot K·s + read σ² + row σ² + 1/12");

        // row noise is one offset per row: the variance of row means keeps σ_row² whole
        double[] rowMeans = new double[ROWS];
        for (int y = 0; y < ROWS; y++) {
            double s = 0;
            for (int x = 0; x < COLUMNS; x++) {
                s += noisy[y * COLUMNS + x];
            }
            rowMeans[y] = s / COLUMNS;
        }
        double rowVariance = 0;
        for (double m : rowMeans) {
            rowVariance += (m - mean) * (m - mean);
        }
        rowVariance /= ROWS - 1;
        double expectedRow = rowSigma * rowSigma + (expected - rowSigma * rowSigma) / COLUMNS;
        assertEquals(expectedRow, rowVariance, 5 * expectedRow * Math.sqrt(2.0 / ROWS), "variance of row means");
    }

    @ParameterizedTest
    @CsvSource({"0.5", "4", "9.99", "37", "5000"})
    void poissonSamplesHaveMeanAndVarianceEqualToTheMean(double lambda) {
        SplittableRandom random = new SplittableRandom(7);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            long k = PoissonSampler.sample(lambda, random);
            assertTrue(k >= 0);
            sum += k;
            sumSq += (double) k * k;
        }
        double mean = sum / n;
        double variance = (sumSq - n * mean * mean) / (n - 1);
        assertEquals(lambda, mean, 5 * Math.sqrt(lambda / n), "mean");
        assertEquals(lambda, variance, 5 * Math.sqrt((lambda + 2 * lambda * lambda) / n), "variance");
    }

    @Test
    void logFactorialMatchesTheProduct() {
        double exact = 0;
        for (int k = 1; k <= 60; k++) {
            exact += Math.log(k);
            assertEquals(exact, PoissonSampler.logFactorial(k), 1e-9, "ln " + k + "!");
        }
    }

    @Test
    void refusesNegativeSignal() {
        assertThrows(IllegalArgumentException.class,
                () -> NoiseSynthesizer.apply(new float[] {-1f}, 1, 1, new NoiseParameters(1, 1, 1), new SplittableRandom(1)));
    }
}
