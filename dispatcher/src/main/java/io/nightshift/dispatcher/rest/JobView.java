package io.nightshift.dispatcher.rest;

import io.nightshift.protocol.ObjectRef;

/** The answer to {@code POST /api/jobs}: the job and its batch of one. */
public record JobView(String jobId, String batchId, ObjectRef source, ObjectRef output, String format) {
}
