package io.nightshift.dispatcher.batch;

import io.nightshift.dispatcher.listing.ListedObject;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.OutputKeys;

import java.time.Instant;

/** Turns a listed object of a batch into its job (protocol v1 output key, deterministic job id). */
public final class JobFactory {
    private final String batchId;
    private final BatchRequest request;
    private final OutputFormat format;

    public JobFactory(String batchId, BatchRequest request) {
        this.batchId = batchId;
        this.request = request;
        this.format = request.outputFormat();
    }

    /**
     * @param sourcePrefix the prefix whose folder part is removed from output keys
     * @throws io.nightshift.protocol.KeyNotAllowedException when the object's key is unsafe
     */
    public Job job(ListedObject object, String sourcePrefix, Instant now) {
        String outputKey = OutputKeys.outputKey(sourcePrefix, object.key(), request.outputPrefix(), format);
        return new Job(JobIds.jobId(batchId, request.sourceBucket(), object.key()), batchId, 1,
                new ObjectRef(request.sourceBucket(), object.key(), object.etag()),
                new ObjectRef(request.outputBucket(), outputKey), format, request.ratio(), now);
    }
}
