package io.nightshift.dispatcher.rest;

import io.nightshift.protocol.OutputFormat;

/**
 * The dispatcher's own URLs of a job's images (previews by role, and its output where a browser can show it): the
 * client names a job, never an object key.
 */
final class PreviewUrls {
    private PreviewUrls() {
    }

    static String of(String jobId, String role) {
        return "/api/jobs/" + jobId + "/previews/" + role;
    }

    static String output(String jobId) {
        return "/api/jobs/" + jobId + "/output";
    }

    /** Whether browsers show this output format ({@code jpeg}, {@code png16}); TIFF and DNG they do not. */
    static boolean viewable(OutputFormat format) {
        return format == OutputFormat.JPEG || format == OutputFormat.PNG16;
    }
}
