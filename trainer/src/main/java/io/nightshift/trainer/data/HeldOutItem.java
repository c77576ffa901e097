package io.nightshift.trainer.data;

import io.nightshift.trainer.noise.NoiseParameters;

/**
 * One item of the fixed held-out set.
 *
 * @param dng          the dark frame, a Sony-like Bayer DNG (file name in the set's folder)
 * @param target       linear white-balanced camera RGB over the packing crop, 16-bit PNG (value / 65535)
 * @param layout       the DNG's CFA layout at its visible origin
 * @param ratio        the amplification ratio it was darkened by
 * @param band         ratio band: {@code 1-10}, {@code 10-100} or {@code 100-300}
 * @param noise        the noise parameters drawn for it
 * @param whiteBalance R, G, B gains (G = 1) written as the DNG's as-shot neutral (their inverses)
 * @param matrix       index into {@link PhotoPairGenerator#TYPICAL_MATRICES} (camera → sRGB)
 * @param source       the source image's file name
 * @param sourceSha256 its content hash, by which {@link SourceSplit} keeps it out of training
 */
public record HeldOutItem(String dng, String target, String layout, double ratio, String band, NoiseParameters noise,
        float[] whiteBalance, int matrix, String source, String sourceSha256) {
}
