package io.nightshift.client.archive;

/**
 * A file of the folder that has no result, and why.
 *
 * @param errorClass the worker's error class ({@code DECODE_FAILED}, …), or the client's own:
 *                   {@code KEY_NOT_ALLOWED} (the key rules refuse its name), {@code UNREADABLE} (the file could
 *                   not be read), {@code UPLOAD_FAILED}, {@code DOWNLOAD_FAILED}, {@code NOT_PROCESSED} (the
 *                   batch ended without a result for it)
 */
public record ArchiveFailure(String path, String errorClass, String reason) {
}
