package io.nightshift.inference.ratio;

import java.util.Locale;

/** Where the ratio of a job came from; {@link #wireName()} is the protocol's {@code ratioSource}. */
public enum RatioSource {
    /** The ratio estimator's, clamped to the configured range. */
    ESTIMATED,
    /** The job's explicit ratio, used as given. */
    GIVEN;

    /** {@code estimated} or {@code given}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
