package io.nightshift.client.demo;

/**
 * One object of the demo set.
 *
 * @param key       its key under the demo folder
 * @param sample    the real sample it was made from
 * @param trueRatio how much darker than the sample it is (1 for the sample itself)
 * @param file      the RAW file's bytes
 */
public record DemoImage(String key, String sample, double trueRatio, byte[] file) {
    /** Whether this is a dark version (not the sample as shot). */
    public boolean dark() {
        return trueRatio > 1;
    }
}
