package io.nightshift.raw;

/**
 * A RAW file LibRaw can read but whose sensor is not a 2×2 Bayer RGB mosaic: Fuji X-Trans
 * ({@code filters == 9}), Foveon, linear (demosaiced) DNG, CMYG mosaics. SID packing needs Bayer.
 */
public class UnsupportedSensorException extends RawException {

    public UnsupportedSensorException(String message) {
        super(message);
    }
}
