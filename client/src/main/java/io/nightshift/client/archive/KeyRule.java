package io.nightshift.client.archive;

import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ObjectKeys;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * How a local file becomes an object key, and its result a local file again: the key is the run's prefix followed
 * by the file's path below the input folder, its names joined by {@code /}, each in Unicode NFC (so a name typed on
 * macOS and one on Linux give one key); spaces and non-ASCII letters are kept as they are. The protocol's key
 * rules ({@link ObjectKeys#requireSafeKey}) then decide: a name with a control character or a backslash, or a key
 * over 1024 bytes, is refused with that reason. A result comes back under the output folder at the same relative
 * path with the format's extension appended ({@code 2024/IMG 1.NEF} → {@code 2024/IMG 1.NEF.jpg}), as the
 * protocol's output-key rule names it.
 */
public final class KeyRule {
    private KeyRule() {
    }

    /**
     * @param prefix   the run's folder in the bucket, ending in {@code /}
     * @param relative the file's path below the input folder
     * @throws KeyNotAllowedException with the reason when the key rules refuse it
     */
    public static String keyOf(String prefix, Path relative) {
        List<String> names = new ArrayList<>();
        for (Path name : relative) {
            names.add(Normalizer.normalize(name.toString(), Normalizer.Form.NFC));
        }
        return ObjectKeys.requireSafeKey("key", prefix + String.join("/", names));
    }

    /**
     * The local file for an output key under the run's output prefix, inside {@code outDir}; refuses a key that is
     * not under the prefix or that would leave {@code outDir}.
     */
    public static Path localOutput(Path outDir, String outputPrefix, String outputKey) {
        if (outputKey == null || !outputKey.startsWith(outputPrefix)) {
            throw new KeyNotAllowedException("outputKey", "'" + outputKey + "' is not under '" + outputPrefix + "'");
        }
        ObjectKeys.requireSafeKey("outputKey", outputKey);
        Path base = outDir.toAbsolutePath().normalize();
        Path file = base.resolve(outputKey.substring(outputPrefix.length())).normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new KeyNotAllowedException("outputKey", "'" + outputKey + "' leaves the output folder");
        }
        return file;
    }
}
