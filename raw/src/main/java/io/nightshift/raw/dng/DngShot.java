package io.nightshift.raw.dng;

import io.nightshift.raw.CaptureInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * What a written DNG records about the shot, in IFD0 (Make, Model, UniqueCameraModel, DateTime) and its
 * EXIF IFD (ExposureTime, FNumber, ISOSpeedRatings, DateTimeOriginal).
 *
 * @param exposureSeconds exposure time; 0 when unknown (not written)
 * @param iso ISO speed; 0 when unknown (not written)
 * @param aperture f-number; 0 when unknown (not written)
 * @param captureTime the camera clock's time, written as UTC (as LibRaw reads it back); empty when unknown
 */
public record DngShot(String make, String model, double exposureSeconds, int iso, double aperture,
        Optional<Instant> captureTime) {

    public DngShot {
        make = make == null ? "" : make.trim();
        model = model == null ? "" : model.trim();
        captureTime = captureTime == null ? Optional.empty() : captureTime;
    }

    /** From the RAW front end's capture information. */
    public static DngShot of(CaptureInfo capture) {
        return new DngShot(capture.make(), capture.model(), capture.exposureSeconds(), Math.round(capture.iso()),
                capture.aperture(), capture.captureTime());
    }

    /** DNG UniqueCameraModel: make and model, or {@code Unknown camera} when neither is known. */
    public String uniqueCameraModel() {
        String name = (make + " " + model).trim();
        return name.isEmpty() ? "Unknown camera" : name;
    }
}
