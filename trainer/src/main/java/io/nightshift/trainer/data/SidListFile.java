package io.nightshift.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the list files of the SID dataset ({@code Sony_train_list.txt} and the like): one pair per
 * line, {@code short_path long_path ISO F-number}, separated by white space, e.g.
 * {@code ./Sony/short/00001_00_0.04s.ARW ./Sony/long/00001_00_10s.ARW ISO200 F8}. Paths are
 * resolved against the dataset root (by default the list file's folder, where SID keeps them). Blank
 * lines and lines starting with {@code #} are skipped. Any other malformed row fails the whole read
 * with a {@link ListFileException} naming the file and line: a training run should not silently
 * lose data.
 */
public final class SidListFile {

    private static final Pattern ISO = Pattern.compile("(?i)(?:ISO)?(\\d{1,7})");
    private static final Pattern F_NUMBER = Pattern.compile("(?i)F?(\\d+(?:\\.\\d+)?)");

    private SidListFile() {
    }

    /** The pairs of {@code listFile}, paths resolved against its folder. */
    public static List<SidPair> read(Path listFile) throws IOException {
        Path parent = listFile.toAbsolutePath().getParent();
        return read(listFile, parent);
    }

    /** The pairs of {@code listFile}, paths resolved against {@code root}. */
    public static List<SidPair> read(Path listFile, Path root) throws IOException {
        List<SidPair> pairs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(listFile, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                String row = text.strip();
                if (row.isEmpty() || row.startsWith("#")) {
                    continue;
                }
                pairs.add(parseRow(listFile, line, row, root));
            }
        }
        return pairs;
    }

    /** One row; {@code file} and {@code line} only name the place in errors. */
    static SidPair parseRow(Path file, int line, String row, Path root) {
        String[] f = row.split("\\s+");
        if (f.length != 4) {
            throw new ListFileException(file, line, "expected 4 fields 'short_path long_path ISO F-number', got "
                    + f.length + ": '" + row + "'");
        }
        ExposureTime shortExposure = exposure(file, line, f[0], "short");
        ExposureTime longExposure = exposure(file, line, f[1], "long");
        if (shortExposure.scene() != longExposure.scene()) {
            throw new ListFileException(file, line, "the short and long files are of different scenes ("
                    + shortExposure.scene() + " vs " + longExposure.scene() + ")");
        }
        if (longExposure.seconds() < shortExposure.seconds()) {
            throw new ListFileException(file, line, "the long exposure (" + longExposure.seconds()
                    + " s) is shorter than the short one (" + shortExposure.seconds() + " s)");
        }
        Matcher iso = ISO.matcher(f[2]);
        if (!iso.matches() || Integer.parseInt(iso.group(1)) <= 0) {
            throw new ListFileException(file, line, "bad ISO '" + f[2] + "' (expected e.g. ISO200)");
        }
        Matcher fNumber = F_NUMBER.matcher(f[3]);
        if (!fNumber.matches() || !(Double.parseDouble(fNumber.group(1)) > 0)) {
            throw new ListFileException(file, line, "bad F-number '" + f[3] + "' (expected e.g. F8 or F2.8)");
        }
        return new SidPair(root.resolve(f[0]).normalize(), root.resolve(f[1]).normalize(),
                Integer.parseInt(iso.group(1)), Double.parseDouble(fNumber.group(1)), shortExposure.seconds(),
                longExposure.seconds(), shortExposure.scene());
    }

    private static ExposureTime exposure(Path file, int line, String path, String which) {
        return ExposureTime.fromFileName(path).orElseThrow(() -> new ListFileException(file, line,
                "the " + which + " file name '" + path + "' does not carry an exposure time like 00001_00_0.04s.ARW"));
    }
}
