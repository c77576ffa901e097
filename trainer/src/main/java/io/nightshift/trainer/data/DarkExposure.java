package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.trainer.noise.NoiseParameters;
import io.nightshift.trainer.noise.NoiseSynthesizer;
import java.util.random.RandomGenerator;

/**
 * Makes the short exposure of a synthetic pair: a clean packed image (black-subtracted, in [0, 1] of
 * the white level) is darkened by the ratio, converted to DN, given physical noise on its mosaic, and
 * packed again as SID packs: {@code max(DN, 0) / range}. The result is what a camera would have
 * recorded {@code ratio} times shorter; {@code EnhancerInput.of(result, wb, ratio)} is the network input.
 */
public final class DarkExposure {

    private DarkExposure() {
    }

    /**
     * @param clean   packed, in [0, 1]
     * @param rangeDn white level − black level in DN (Sony A7S2: 16383 − 512)
     * @param ratio   amplification ratio ≥ 1
     */
    public static PlanarImage of(PlanarImage clean, double rangeDn, double ratio, NoiseParameters noise,
            RandomGenerator random) {
        float[] noisy = mosaicDn(clean, rangeDn, ratio, noise, random);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) (Math.max(noisy[i], 0) / rangeDn);
        }
        return BayerPacking.pack(noisy, clean.height(), clean.width());
    }

    /**
     * The dark exposure as an RGGB mosaic {@code [2h, 2w]} of whole DN above black, unclipped (values may be
     * negative, as raw data minus black is): what a DNG writer stores once black is added back.
     */
    public static float[] mosaicDn(PlanarImage clean, double rangeDn, double ratio, NoiseParameters noise,
            RandomGenerator random) {
        if (!(ratio >= 1) || !(rangeDn > 0)) {
            throw new IllegalArgumentException("need ratio ≥ 1 and a positive DN range, got " + ratio + ", " + rangeDn);
        }
        float[] mosaic = BayerPacking.unpack(clean);
        double scale = rangeDn / ratio;
        for (int i = 0; i < mosaic.length; i++) {
            mosaic[i] = (float) (Math.max(mosaic[i], 0) * scale);
        }
        return NoiseSynthesizer.apply(mosaic, 2 * clean.height(), 2 * clean.width(), noise, random);
    }
}
