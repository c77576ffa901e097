package io.nightshift.trainer.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SensorCalibrationTest {

    private static final SensorCalibration SONY = SensorCalibration.SONY_A7S2;

    @Test
    void fittedLinesAtKnownGains() {
        NoiseParameters one = SONY.atGain(1.0);
        assertEquals(Math.exp(0.566), one.readSigma(), 1e-12);
        assertEquals(Math.exp(-0.592), one.rowSigma(), 1e-12);
        NoiseParameters high = SONY.atGain(6.01);
        assertEquals(Math.exp(0.462 * Math.log(6.01) + 0.566), high.readSigma(), 1e-12);
    }

    @Test
    void samplesFollowTheCalibration() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 50_000;
        double lnKSum = 0;
        double readResidual = 0;
        double rowResidual = 0;
        double readResidualSq = 0;
        for (int i = 0; i < n; i++) {
            NoiseParameters p = SONY.sample(random);
            assertTrue(p.systemGain() >= 0.094 && p.systemGain() <= 6.01, "K in range: " + p.systemGain());
            double lnK = Math.log(p.systemGain());
            lnKSum += lnK;
            double r = Math.log(p.readSigma()) - (0.462 * lnK + 0.566);
            readResidual += r;
            readResidualSq += r * r;
            rowResidual += Math.log(p.rowSigma()) - (0.528 * lnK - 0.592);
        }
        // ln K uniform on [ln 0.094, ln 6.01]: mean at the midpoint, sd = width / √12
        double width = Math.log(6.01) - Math.log(0.094);
        assertEquals((Math.log(0.094) + Math.log(6.01)) / 2, lnKSum / n, 5 * width / Math.sqrt(12 * n));
        assertEquals(0, readResidual / n, 5 * 0.25 / Math.sqrt(n), "read noise centred on its line");
        assertEquals(0, rowResidual / n, 5 * 0.25 / Math.sqrt(n), "row noise centred on its line");
        assertEquals(0.25, Math.sqrt(readResidualSq / n), 0.01, "spread around the line");
    }
}
