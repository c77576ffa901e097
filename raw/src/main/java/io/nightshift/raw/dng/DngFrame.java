package io.nightshift.raw.dng;

import io.nightshift.raw.BlackLevels;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.ColorMatrix;
import java.time.Instant;
import java.util.Optional;

/**
 * What a written Bayer DNG declares about its mosaic and its shot.
 *
 * @param bitsPerSample 12, 14 or 16: how the samples are stored (12 and 14 bit-packed)
 * @param asShotNeutral the camera-RGB coordinates of a neutral (DNG AsShotNeutral), R, G, B; empty for
 *     a file that records no as-shot white balance (the tag is then not written)
 * @param xyzToCamera DNG ColorMatrix1, XYZ (D65 illuminant) to camera RGB
 */
public record DngFrame(int width, int height, CfaLayout cfa, int bitsPerSample, BlackLevels black, int white,
        double exposureSeconds, int iso, double aperture, double[] asShotNeutral, ColorMatrix xyzToCamera,
        String make, String model, Optional<Instant> captureTime) {

    /**
     * XYZ (D65) to linear sRGB (IEC 61966-2-1): the colour matrix of a synthetic camera whose RGB is
     * linear sRGB, so that LibRaw's camera-to-sRGB matrix comes out as the identity.
     */
    public static final ColorMatrix XYZ_TO_SRGB = new ColorMatrix(new double[] {
        3.2406, -1.5372, -0.4986, -0.9689, 1.8758, 0.0415, 0.0557, -0.2040, 1.0570});

    public DngFrame {
        if (width < 2 || height < 2 || width > 65535 || height > 65535) {
            throw new IllegalArgumentException("DNG size " + width + "x" + height + " out of range");
        }
        if (bitsPerSample != 12 && bitsPerSample != 14 && bitsPerSample != 16) {
            throw new IllegalArgumentException("bits per sample must be 12, 14 or 16: " + bitsPerSample);
        }
        if (white > (1 << bitsPerSample) - 1 || white <= black.max()) {
            throw new IllegalArgumentException("white " + white + " must fit " + bitsPerSample
                    + " bits and be above black " + black);
        }
        if (asShotNeutral.length != 3 && asShotNeutral.length != 0) {
            throw new IllegalArgumentException("as-shot neutral has three values, R, G, B (or none)");
        }
        for (double v : asShotNeutral) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("as-shot neutral values must be positive: " + v);
            }
        }
        asShotNeutral = asShotNeutral.clone();
    }

    /** A frame like the SID Sony a7S II data: RGGB, 14-bit, black 512, white 16383. */
    public static DngFrame sonyLike(int width, int height) {
        return new DngFrame(width, height, CfaLayout.RGGB, 14, BlackLevels.uniform(512), 16383, 1 / 30.0, 3200, 4.0,
                new double[] {0.5, 1.0, 0.625}, XYZ_TO_SRGB, "Nightshift", "Synthetic a7S II",
                Optional.of(Instant.parse("2024-01-02T03:04:05Z")));
    }

    /** The same frame in another layout. */
    public DngFrame withLayout(CfaLayout layout) {
        return new DngFrame(width, height, layout, bitsPerSample, black, white, exposureSeconds, iso, aperture,
                asShotNeutral, xyzToCamera, make, model, captureTime);
    }

    /** The same frame with other levels and storage depth. */
    public DngFrame withLevels(int bits, BlackLevels blackLevels, int whiteLevel) {
        return new DngFrame(width, height, cfa, bits, blackLevels, whiteLevel, exposureSeconds, iso, aperture,
                asShotNeutral, xyzToCamera, make, model, captureTime);
    }

    /** The same frame with another as-shot neutral (R, G, B), or none when called without values. */
    public DngFrame withAsShotNeutral(double... neutral) {
        return new DngFrame(width, height, cfa, bitsPerSample, black, white, exposureSeconds, iso, aperture,
                neutral, xyzToCamera, make, model, captureTime);
    }

    /** The same frame with another colour matrix (XYZ, D65, to camera RGB). */
    public DngFrame withColorMatrix(ColorMatrix matrix) {
        return new DngFrame(width, height, cfa, bitsPerSample, black, white, exposureSeconds, iso, aperture,
                asShotNeutral, matrix, make, model, captureTime);
    }

    /** What the frame records about the shot, as the writers' shared tags take it. */
    public DngShot shot() {
        return new DngShot(make, model, exposureSeconds, iso, aperture, captureTime);
    }

    @Override
    public double[] asShotNeutral() {
        return asShotNeutral.clone();
    }
}
