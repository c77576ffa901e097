package io.nightshift.protocol;

import java.util.Locale;

/** Where the amplification ratio of a job came from. */
public enum RatioSource {
    /** Estimated from the dark image by the model set's ratio estimator. */
    ESTIMATED,
    /** Given explicitly by the job. */
    GIVEN;

    /** The name on the wire: {@code estimated} or {@code given}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
