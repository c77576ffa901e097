package io.nightshift.protocol;

/**
 * The output-key rule of protocol v1: output prefix + the source key's path below the source prefix + the
 * source file name + {@code .} + the format's extension. {@code raw/2024/IMG_1.NEF} under source prefix
 * {@code raw/} with output prefix {@code out/} and format {@code jpeg} becomes {@code out/2024/IMG_1.NEF.jpg}.
 * Keeping the RAW extension means two RAW formats of one shot never collide, and a redelivered job writes the
 * same key again.
 */
public final class OutputKeys {
    private OutputKeys() {
    }

    /**
     * @param sourcePrefix the prefix the batch listed; only its folder part (up to the last {@code /}) is
     *                     removed, so a prefix like {@code raw/2024/IMG_} keeps the file names whole
     * @param sourceKey    a key under {@code sourcePrefix}
     * @param outputPrefix the output folder; a missing trailing {@code /} is added
     * @throws KeyNotAllowedException when a key is unsafe or the source key is not under the source prefix
     */
    public static String outputKey(String sourcePrefix, String sourceKey, String outputPrefix, OutputFormat format) {
        ObjectKeys.requireSafeKey("source.key", sourceKey);
        String prefix = sourcePrefix == null ? "" : sourcePrefix;
        if (!sourceKey.startsWith(prefix)) {
            throw new KeyNotAllowedException("source.key", "'" + sourceKey + "' is not under the prefix '" + prefix + "'");
        }
        String folder = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        String relative = sourceKey.substring(folder.length());
        String key = ObjectKeys.folderPrefix("outputPrefix", outputPrefix) + relative + "." + format.extension();
        return ObjectKeys.requireSafeKey("output.key", key);
    }

    /**
     * The output key of a job made from a bucket notification (no listed prefix): output prefix + the source
     * bucket + {@code /} + the source key + {@code .} + the format's extension, so that two source buckets holding
     * the same key never share an output. {@code IMG_1.NEF} in bucket {@code cams-a} with output prefix
     * {@code enhanced/} and format {@code png16} becomes {@code enhanced/cams-a/IMG_1.NEF.png}.
     *
     * @throws KeyNotAllowedException when the bucket name or a key is unsafe
     */
    public static String eventOutputKey(String sourceBucket, String sourceKey, String outputPrefix, OutputFormat format) {
        ObjectKeys.requireBucketName("source.bucket", sourceBucket);
        return outputKey("", sourceBucket + "/" + ObjectKeys.requireSafeKey("source.key", sourceKey), outputPrefix,
                format);
    }
}
