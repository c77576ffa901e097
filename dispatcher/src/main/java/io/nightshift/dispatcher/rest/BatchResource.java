package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchNotFoundException;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.batch.Batches;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Batches: accept a prefix (202 at once, listing in the background), look one up, cancel one. */
@Path("/api/batches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class BatchResource {
    @Inject
    Batches batches;

    @Inject
    DispatcherConfig config;

    /** 202 with the new batch; 200 with the earlier one when the request id was seen before. */
    @POST
    public Response create(BatchRequestBody body) {
        Batches.Accepted accepted = batches.create(RequestValidation.batch(body, config.listing().rawExtensions()),
                body.requestId());
        BatchRecord batch = accepted.batch();
        return Response.status(accepted.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/batches/" + batch.batchId()))
                .entity(BatchView.of(batch, batches.published(batch)))
                .build();
    }

    @GET
    @Path("{id}")
    public BatchView get(@PathParam("id") String id) {
        BatchRecord batch = batches.find(id).orElseThrow(() -> new BatchNotFoundException(id));
        return BatchView.of(batch, batches.published(batch));
    }

    /** Stops publishing; answers how many jobs were already queued (they still run). */
    @DELETE
    @Path("{id}")
    public CancelView cancel(@PathParam("id") String id) {
        BatchRecord batch = batches.cancel(id);
        return new CancelView(batch.batchId(), batch.state(), batch.published());
    }
}
