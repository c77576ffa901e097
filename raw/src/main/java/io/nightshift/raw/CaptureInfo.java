package io.nightshift.raw;

import java.time.Instant;
import java.util.Optional;

/**
 * What the camera recorded about the shot.
 *
 * @param exposureSeconds exposure time in seconds (0 when unknown)
 * @param aperture f-number (0 when unknown)
 * @param captureTime the camera clock's time, read as UTC as LibRaw does; empty when unknown
 */
public record CaptureInfo(String make, String model, float iso, double exposureSeconds, float aperture,
        Optional<Instant> captureTime) {
}
