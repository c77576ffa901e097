package io.nightshift.dispatcher.batch;

import io.nightshift.dispatcher.listing.ListedObject;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.OutputKeys;

import java.time.Instant;

/** Turns an object of a batch into its job (protocol v1 output key, deterministic job id). */
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
     * The job of a listed object ({@link OutputKeys#outputKey}).
     *
     * @param sourcePrefix the prefix whose folder part is removed from output keys
     * @throws io.nightshift.protocol.KeyNotAllowedException when the object's key is unsafe
     */
    public Job job(ListedObject object, String sourcePrefix, Instant now) {
        return withOutput(object, OutputKeys.outputKey(sourcePrefix, object.key(), request.outputPrefix(), format), now);
    }

    /**
     * The job of a bucket notification's object: its output key keeps the source bucket
     * ({@link OutputKeys#eventOutputKey}), as no listed prefix tells the buckets apart.
     *
     * @throws io.nightshift.protocol.KeyNotAllowedException when the bucket or the object's key is unsafe
     */
    public Job eventJob(ListedObject object, Instant now) {
        return withOutput(object, OutputKeys.eventOutputKey(request.sourceBucket(), object.key(), request.outputPrefix(), format),
                now);
    }

    private Job withOutput(ListedObject object, String outputKey, Instant now) {
        return new Job(JobIds.jobId(batchId, request.sourceBucket(), object.key()), batchId, 1,
                new ObjectRef(request.sourceBucket(), object.key(), object.etag()),
                new ObjectRef(request.outputBucket(), outputKey), format, request.ratio(), now);
    }
}
