package io.nightshift.dispatcher.rest;

/** The dispatcher's own preview URL of a job: the client names a job and a role, never an object key. */
final class PreviewUrls {
    private PreviewUrls() {
    }

    static String of(String jobId, String role) {
        return "/api/jobs/" + jobId + "/previews/" + role;
    }
}
