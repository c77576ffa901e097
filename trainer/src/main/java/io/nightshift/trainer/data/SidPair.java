package io.nightshift.trainer.data;

import java.nio.file.Path;

/**
 * One row of a SID list file: a short (dark) exposure and the long exposure of the same scene that is
 * its ground truth.
 *
 * @param shortExposure the input RAW file
 * @param longExposure  the reference RAW file
 * @param iso           the ISO of the short exposure
 * @param fNumber       the aperture
 * @param shortSeconds  exposure time of the short file (from its name)
 * @param longSeconds   exposure time of the long file (from its name)
 * @param scene         the scene number (from the short file's name)
 */
public record SidPair(Path shortExposure, Path longExposure, int iso, double fNumber, double shortSeconds,
        double longSeconds, int scene) {

    /** SID caps the amplification ratio at 300. */
    public static final double MAX_RATIO = 300;

    /** The amplification ratio: min(long ÷ short exposure, 300). */
    public double ratio() {
        return Math.min(longSeconds / shortSeconds, MAX_RATIO);
    }
}
