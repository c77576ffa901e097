package io.nightshift.protocol;

/** The image formats a job can ask for. */
public enum OutputFormat {
    /** Lossless 16-bit PNG. */
    PNG16("png16", "png", "image/png"),
    /** Lossless 16-bit TIFF. */
    TIFF16("tiff16", "tif", "image/tiff"),
    /** 8-bit JPEG. */
    JPEG("jpeg", "jpg", "image/jpeg");

    private final String wireName;
    private final String extension;
    private final String contentType;

    OutputFormat(String wireName, String extension, String contentType) {
        this.wireName = wireName;
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The name in job messages: {@code png16}, {@code tiff16} or {@code jpeg}. */
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
        throw new IllegalArgumentException("unknown output format '" + name + "' (expected png16, tiff16 or jpeg)");
    }
}
