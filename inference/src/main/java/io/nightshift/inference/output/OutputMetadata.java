package io.nightshift.inference.output;

import io.nightshift.raw.CaptureInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * What an output file records besides its pixels: the shot (carried into TIFF and JPEG EXIF) and how
 * it was enhanced (model-set version and ratio, in every format's own metadata).
 *
 * @param exposureSeconds 0 when unknown
 * @param iso             0 when unknown
 * @param ratioSource     {@code estimated} or {@code given}
 */
public record OutputMetadata(String make, String model, double exposureSeconds, int iso, Optional<Instant> captureTime,
        String modelSet, double ratio, String ratioSource) {

    public OutputMetadata {
        make = make == null ? "" : make;
        model = model == null ? "" : model;
        captureTime = captureTime == null ? Optional.empty() : captureTime;
        if (modelSet == null || modelSet.isBlank()) {
            throw new IllegalArgumentException("the model-set version is required");
        }
    }

    /** From the RAW front end's capture information. */
    public static OutputMetadata of(CaptureInfo capture, String modelSet, double ratio, String ratioSource) {
        return new OutputMetadata(capture.make(), capture.model(), capture.exposureSeconds(), Math.round(capture.iso()),
                capture.captureTime(), modelSet, ratio, ratioSource);
    }

    /** One line naming the enhancement, e.g. {@code nightshift model_set=v3 ratio=100 (given)}. */
    public String description() {
        return "nightshift model_set=" + modelSet + " ratio=" + (float) ratio + " (" + ratioSource + ")";
    }
}
