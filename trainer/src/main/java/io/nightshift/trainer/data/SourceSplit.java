package io.nightshift.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Splits source images between training and the held-out set by their content: a source is held out when
 * the first byte of its SHA-256 is below {@code 256 · fraction}. Stateless and stable: the same file is on
 * the same side on every machine, renaming or moving it changes nothing, and a training loader needs no list
 * of the held-out set to avoid it.
 *
 * @param fraction share of sources held out, in (0, 1)
 */
public record SourceSplit(double fraction) {

    /** One source in five is held out. */
    public static final SourceSplit DEFAULT = new SourceSplit(0.2);

    public SourceSplit {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must be in (0, 1), got " + fraction);
        }
    }

    public boolean isHeldOut(Path source) throws IOException {
        return (HexFormat.fromHexDigits(sha256(source), 0, 2)) < 256 * fraction;
    }

    /** The sources training may use. */
    public List<Path> training(List<Path> sources) throws IOException {
        return filter(sources, false);
    }

    /** The sources only the held-out set may use. */
    public List<Path> heldOut(List<Path> sources) throws IOException {
        return filter(sources, true);
    }

    private List<Path> filter(List<Path> sources, boolean heldOut) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (Path p : sources) {
            if (isHeldOut(p) == heldOut) {
                out.add(p);
            }
        }
        return out;
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
