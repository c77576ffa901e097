package io.nightshift.client.archive;

/**
 * That a RAW file has its result in the output folder: which content (SHA-256, with the size and modification time
 * it had, so an unchanged file is recognised without reading it), in which format, by which model set.
 *
 * @param path   the RAW file's path below the input folder, {@code /}-separated
 * @param output the result's path below the output folder
 * @param ratio  the amplification ratio the worker used, or null
 */
public record DoneRecord(String path, String sha256, long size, long modifiedMillis, String format, String modelSet,
                         String output, Double ratio, String ratioSource, String finishedAt) {
}
