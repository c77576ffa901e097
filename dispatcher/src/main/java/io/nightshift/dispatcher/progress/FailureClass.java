package io.nightshift.dispatcher.progress;

/**
 * How many of a batch's jobs failed with one error class.
 *
 * @param errorClass the class's wire name ({@code UNKNOWN} when a result named none)
 * @param count      failed jobs of the class (their latest attempt)
 * @param example    the reason of the first of them in job-id order
 */
public record FailureClass(String errorClass, long count, String example) {
}
