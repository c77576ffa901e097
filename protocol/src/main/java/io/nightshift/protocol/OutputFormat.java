package io.nightshift.protocol;

/** The image formats a job can ask for. */
public enum OutputFormat {
    /** Lossless 16-bit PNG. */
    PNG16("png16", "png", "image/png"),
    /** Lossless 16-bit TIFF. */
    TIFF16("tiff16", "tif", "image/tiff"),
    /** 8-bit JPEG. */
    JPEG("jpeg", "jpg", "image/jpeg"),
    /**
     * Linear DNG (LinearRaw, 16-bit camera RGB with the camera's colour matrix and as-shot neutral), for raw
     * editors. Added to v1 (additive): a worker older than this value refuses a {@code dng} job as
     * INVALID_MESSAGE, so workers are rolled out before dispatchers send it.
     */
    DNG("dng", "dng", "image/x-adobe-dng");

    private final String wireName;
    private final String extension;
    private final String contentType;

    OutputFormat(String wireName, String extension, String contentType) {
        this.wireName = wireName;
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The name in job messages: {@code png16}, {@code tiff16}, {@code jpeg} or {@code dng}. */
    public String wireName() {
        return wireName;
    }

    /** The file-name extension, without the dot. */
    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** @throws IllegalArgumentException for a name that is not a format */
    public static OutputFormat fromWireName(String name) {
        for (OutputFormat format : values()) {
            if (format.wireName.equals(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + name + "' (expected png16, tiff16, jpeg or dng)");
    }
}
