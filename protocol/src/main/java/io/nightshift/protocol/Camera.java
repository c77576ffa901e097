package io.nightshift.protocol;

import java.util.Objects;

/**
 * The camera that took a photograph, as its RAW file names it: a result event's {@code camera} (protocol v1
 * addition). The text comes from the file, so it is made safe to show: control characters become spaces, runs of
 * space collapse, and each part is cut to {@value #MAX_LENGTH} characters.
 *
 * @param make  the maker ("Nikon"), possibly empty
 * @param model the model ("D1"), possibly empty; not both empty
 */
public record Camera(String make, String model) {
    /** Longest make or model kept (LibRaw's own fields hold 63 bytes). */
    public static final int MAX_LENGTH = 64;

    public Camera {
        make = clean(Objects.requireNonNull(make, "make"));
        model = clean(Objects.requireNonNull(model, "model"));
        if (make.isEmpty() && model.isEmpty()) {
            throw new IllegalArgumentException("a camera needs a make or a model");
        }
    }

    /** The camera a file names, or {@code null} when it names none (both blank or absent). */
    public static Camera named(String make, String model) {
        String m = make == null ? "" : clean(make);
        String n = model == null ? "" : clean(model);
        return m.isEmpty() && n.isEmpty() ? null : new Camera(m, n);
    }

    /** "Nikon D1"; the make once when the model repeats it ("Canon EOS D30", not "Canon Canon EOS D30"). */
    public String label() {
        if (make.isEmpty()) {
            return model;
        }
        if (model.isEmpty() || model.regionMatches(true, 0, make, 0, make.length())) {
            return model.isEmpty() ? make : model;
        }
        return make + " " + model;
    }

    private static String clean(String text) {
        String plain = text.codePoints()
                .map(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip().replaceAll("\\s+", " ");
        return plain.length() <= MAX_LENGTH ? plain
                : plain.substring(0, Character.isHighSurrogate(plain.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1
                : MAX_LENGTH);
    }
}
