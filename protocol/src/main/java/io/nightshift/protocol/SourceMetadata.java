package io.nightshift.protocol;

import java.util.Optional;

/**
 * User metadata a RAW object may carry for the fleet's readers (S3 sends it as {@code x-amz-meta-<name>}). Nothing
 * requires it: a job never depends on it.
 */
public final class SourceMetadata {
    /**
     * The amplification ratio an object is known to need, for objects made by darkening a well-exposed frame (the
     * demo's and the test sets' dark versions): a decimal number &gt; 0. The dispatcher's page shows it beside the
     * ratio the worker estimated.
     */
    public static final String TRUE_RATIO = "nightshift-true-ratio";

    private SourceMetadata() {
    }

    /** The value of {@link #TRUE_RATIO} as a ratio; empty when absent or not a positive finite number. */
    public static Optional<Double> parseRatio(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            double ratio = Double.parseDouble(value.trim());
            return ratio > 0 && Double.isFinite(ratio) ? Optional.of(ratio) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
