package io.nightshift.dispatcher.uploads;

/**
 * A file the browser is about to upload.
 *
 * @param name its file name (no folder): the object's name below the upload's prefix
 * @param size its size in bytes
 */
public record UploadFile(String name, Long size) {
}
