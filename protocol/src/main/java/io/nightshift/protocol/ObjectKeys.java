package io.nightshift.protocol;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Syntactic safety of bucket names and object keys. Keys become file paths in some S3 servers and in the
 * trainer's local folders, so anything that could climb out of a folder or confuse a path is refused.
 */
public final class ObjectKeys {
    /** S3's own limit on a key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    /** What {@link #isValidId} accepts, in words. */
    public static final String ID_RULE =
            "1-128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-', starting with a letter or digit";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private ObjectKeys() {
    }

    /**
     * Whether {@code id} is a valid job, batch, request or model-set id: ids travel into object keys, metrics
     * and logs, so the alphabet is conservative ({@link #ID_RULE}).
     */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * @return the key, when it is non-empty, at most 1024 UTF-8 bytes, relative (no leading {@code /}), free of
     * control characters and backslashes, and has no empty, {@code .} or {@code ..} path segment
     * @throws KeyNotAllowedException naming {@code field} otherwise
     */
    public static String requireSafeKey(String field, String key) {
        if (key == null || key.isEmpty()) {
            throw new KeyNotAllowedException(field, "the key is empty");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new KeyNotAllowedException(field, "the key is longer than " + MAX_KEY_BYTES + " bytes");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new KeyNotAllowedException(field, "the key contains a control character at index " + i);
            }
            if (c == '\\') {
                throw new KeyNotAllowedException(field, "the key contains a backslash");
            }
        }
        if (key.startsWith("/")) {
            throw new KeyNotAllowedException(field, "the key is absolute (starts with '/')");
        }
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".") || segment.equals("..")) {
                throw new KeyNotAllowedException(field, "the key contains a '" + segment + "' path segment");
            }
            if (segment.isEmpty() && i < segments.length - 1) {
                throw new KeyNotAllowedException(field, "the key contains an empty path segment ('//')");
            }
        }
        if (key.endsWith("/")) {
            throw new KeyNotAllowedException(field, "the key names a folder (ends with '/')");
        }
        return key;
    }

    /**
     * @return the name, when it is a valid S3 bucket name: 3 to 63 characters of lower-case letters, digits,
     * dots and hyphens, starting and ending with a letter or digit, without {@code ..}
     * @throws KeyNotAllowedException naming {@code field} otherwise
     */
    public static String requireBucketName(String field, String bucket) {
        if (bucket == null || bucket.length() < 3 || bucket.length() > 63) {
            throw new KeyNotAllowedException(field, "a bucket name has 3 to 63 characters");
        }
        for (int i = 0; i < bucket.length(); i++) {
            char c = bucket.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok) {
                throw new KeyNotAllowedException(field, "a bucket name has only a-z, 0-9, '.' and '-'");
            }
        }
        if (!Character.isLetterOrDigit(bucket.charAt(0)) || !Character.isLetterOrDigit(bucket.charAt(bucket.length() - 1))) {
            throw new KeyNotAllowedException(field, "a bucket name starts and ends with a letter or digit");
        }
        if (bucket.contains("..")) {
            throw new KeyNotAllowedException(field, "a bucket name has no '..'");
        }
        return bucket;
    }

    /**
     * A prefix as a folder: empty stays empty, otherwise it ends with exactly one {@code /}.
     *
     * @throws KeyNotAllowedException when the prefix is not a safe key
     */
    public static String folderPrefix(String field, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        requireSafeKey(field, trimmed);
        return trimmed + "/";
    }
}
