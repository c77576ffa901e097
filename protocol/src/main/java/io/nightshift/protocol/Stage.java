package io.nightshift.protocol;

import java.util.Locale;

/** The stages of one job, in pipeline order. Every timing report in the project is keyed by these names. */
public enum Stage {
    DOWNLOAD, DECODE, PACK, RATIO, INFER, POST, ENCODE, UPLOAD;

    /** The name on the wire and in reports: lower case ({@code download}, {@code infer}, …). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not a stage */
    public static Stage fromWireName(String name) {
        for (Stage stage : values()) {
            if (stage.wireName().equals(name)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + name + "'");
    }
}
