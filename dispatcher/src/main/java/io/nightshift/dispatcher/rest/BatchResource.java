package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchNotFoundException;
import io.nightshift.dispatcher.batch.BatchOrigin;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.batch.BatchState;
import io.nightshift.dispatcher.batch.Batches;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.progress.Counts;
import io.nightshift.dispatcher.progress.Failure;
import io.nightshift.dispatcher.progress.FailureClass;
import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.storage.TrueRatios;
import io.nightshift.protocol.StorageLocations;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

/**
 * Batches: accept a prefix (202 at once, listing in the background), list them, look one up with its progress,
 * page its failures and its done jobs, re-enqueue its failed jobs, cancel one.
 */
@Path("/api/batches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class BatchResource {
    @Inject
    Batches batches;

    @Inject
    DispatcherConfig config;

    @Inject
    Progress progress;

    @Inject
    TrueRatios trueRatios;

    @Inject
    StorageLocations outputLocations;

    /** 202 with the new batch; 200 with the earlier one when the request id was seen before. */
    @POST
    public Response create(BatchRequestBody body) {
        Batches.Accepted accepted = batches.create(RequestValidation.batch(body, config.listing().rawExtensions(), outputLocations),
                body.requestId());
        BatchRecord batch = accepted.batch();
        return Response.status(accepted.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/batches/" + batch.batchId()))
                .entity(view(batch))
                .build();
    }

    /** Every batch, newest first (then by id), a page at a time. */
    @GET
    public Page<BatchView> list(@QueryParam("page") @DefaultValue("0") int page,
                                @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        List<BatchRecord> all = batches.all().stream()
                .sorted(Comparator.comparing(BatchRecord::createdAt).reversed().thenComparing(BatchRecord::batchId))
                .toList();
        List<BatchView> items = all.stream().skip((long) page * size).limit(size).map(this::view).toList();
        return new Page<>(page, size, all.size(), items);
    }

    @GET
    @Path("{id}")
    public BatchView get(@PathParam("id") String id) {
        return view(batch(id));
    }

    /**
     * Jobs whose latest attempt failed, in job-id order, with error class and reason; of one class with
     * {@code errorClass} (its wire name, e.g. {@code DECODE_FAILED}).
     */
    @GET
    @Path("{id}/failures")
    public Page<Failure> failures(@PathParam("id") String id, @QueryParam("errorClass") String errorClass,
                                  @QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        BatchRecord batch = batch(id);
        List<Failure> items = progress.failures(batch.batchId(), errorClass, (long) page * size, size);
        long total = errorClass == null ? progress.counts(batch.batchId()).failed()
                : progress.failureClasses(batch.batchId()).stream().filter(c -> c.errorClass().equals(errorClass))
                .mapToLong(FailureClass::count).sum();
        return new Page<>(page, size, total, items);
    }

    /** The batch's failed jobs counted by error class, the most frequent first, each with an example reason. */
    @GET
    @Path("{id}/failures/classes")
    public List<FailureClass> failureClasses(@PathParam("id") String id) {
        return progress.failureClasses(batch(id).batchId());
    }

    /**
     * Jobs whose latest attempt succeeded, in job-id order, with the URLs of their before/after previews, the ratio
     * used and, where the source object declares one, its true ratio.
     */
    @GET
    @Path("{id}/done")
    public Page<FinishedView> done(@PathParam("id") String id, @QueryParam("page") @DefaultValue("0") int page,
                                   @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        BatchRecord batch = batch(id);
        List<FinishedView> items = progress.finished(batch.batchId(), (long) page * size, size).stream()
                .map(job -> FinishedView.of(job, batch.request().outputFormat(),
                        trueRatios.of(job.sourceBucket(), job.sourceKey()))).toList();
        return new Page<>(page, size, progress.counts(batch.batchId()).done(), items);
    }

    /**
     * Re-enqueues every failed job with its next attempt number; answers how many. Takes no body but requires
     * {@code Content-Type: application/json} (415 otherwise, nothing done): a cross-site page cannot send that
     * without a CORS preflight, which the dispatcher never grants, so a browser holding cached credentials cannot
     * be made to trigger it by a form or a plain {@code fetch}.
     */
    @POST
    @Path("{id}/retry-failed")
    @Consumes(MediaType.APPLICATION_JSON)
    public RetryView retryFailed(@PathParam("id") String id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        requireJson(contentType);
        BatchRecord batch = batch(id);
        Progress.Retried retried = progress.retryFailed(batch.batchId(), batch.request());
        return new RetryView(batch.batchId(), retried.requeued(), retried.skipped());
    }

    /**
     * Stops publishing; answers how many jobs were already queued (they still run): 200 CANCELLED, or 202
     * CANCELLING when the replica listing it is gone and the next one, which cancels it, has not taken it yet.
     */
    @DELETE
    @Path("{id}")
    public Response cancel(@PathParam("id") String id) {
        BatchRecord batch = batches.cancel(id);
        return Response.status(batch.state() == BatchState.CANCELLED ? Response.Status.OK : Response.Status.ACCEPTED)
                .entity(new CancelView(batch.batchId(), batch.state(), batch.published())).build();
    }

    /** {@code @Consumes} alone lets a request without a Content-Type through. */
    private static void requireJson(String contentType) {
        boolean json;
        try {
            MediaType type = contentType == null ? null : MediaType.valueOf(contentType);
            json = type != null && "application".equalsIgnoreCase(type.getType())
                    && "json".equalsIgnoreCase(type.getSubtype());
        } catch (IllegalArgumentException e) {
            json = false;
        }
        if (!json) {
            throw new WebApplicationException(Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorView("send Content-Type: application/json (no body is needed)", List.of()))
                    .build());
        }
    }

    private BatchRecord batch(String id) {
        return batches.find(id).orElseThrow(() -> new BatchNotFoundException(id));
    }

    private BatchView view(BatchRecord batch) {
        Counts counts = progress.counts(batch.batchId());
        // a notification batch counts distinct jobs on the jobs topic: a redelivered event republishes the same id
        long published = batch.origin() == BatchOrigin.NOTIFICATIONS ? counts.seen() : batches.published(batch);
        return BatchView.of(batch, published, counts);
    }
}
