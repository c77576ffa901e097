package io.nightshift.client.archive;

/**
 * That a RAW file has its result in the output folder: which content (SHA-256, with the size and modification time
 * it had, so an unchanged file is recognised without reading it), in which format, with which ratio asked for, by
 * which model set.
 *
 * @param path       the RAW file's path below the input folder, {@code /}-separated
 * @param output     the result's path below the output folder
 * @param givenRatio the ratio the run asked for, or null when the worker estimated it
 * @param ratio      the amplification ratio the worker used, or null
 */
public record DoneRecord(String path, String sha256, long size, long modifiedMillis, String format, Double givenRatio,
                         String modelSet, String output, Double ratio, String ratioSource, String finishedAt) {
    /** Whether every field a skip decision reads is there (a record from a damaged file is ignored). */
    boolean complete() {
        return path != null && sha256 != null && format != null && output != null;
    }
}
