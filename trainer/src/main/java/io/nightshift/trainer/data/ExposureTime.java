package io.nightshift.trainer.data;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exposure time a SID file name carries: {@code <scene>_<shot>_<seconds>s.<ext>}, e.g.
 * {@code 00001_00_0.04s.ARW} (scene 1, 1/25 s) or {@code 00001_00_10s.ARW} (10 s).
 *
 * @param scene   the scene number (the five digits)
 * @param seconds the exposure time, &gt; 0
 */
public record ExposureTime(int scene, double seconds) {

    private static final Pattern SID_NAME = Pattern.compile("(\\d{1,9})_(\\d+)_(\\d+(?:\\.\\d+)?)s\\.[A-Za-z0-9]+");

    public ExposureTime {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("an exposure time must be positive, got " + seconds);
        }
    }

    /** The exposure of a SID file name (any folder before it is ignored), or empty when the name is not SID's. */
    public static Optional<ExposureTime> fromFileName(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        Matcher m = SID_NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        double s = Double.parseDouble(m.group(3));
        return s > 0 ? Optional.of(new ExposureTime(Integer.parseInt(m.group(1)), s)) : Optional.empty();
    }
}
