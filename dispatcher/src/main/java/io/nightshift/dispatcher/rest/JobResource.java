package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.Batches;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.protocol.Job;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** A single RAW object as a job, in a batch of one (202 once the broker holds the job). */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class JobResource {
    @Inject
    Batches batches;

    @Inject
    DispatcherConfig config;

    @POST
    public Response create(JobRequestBody body) {
        Batches.SingleJob single = batches.createSingle(RequestValidation.job(body, config.listing().rawExtensions()),
                body.requestId());
        Job job = single.job();
        return Response.status(single.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/batches/" + single.batch().batchId()))
                .entity(new JobView(job.jobId(), job.batchId(), job.source(), job.output(), job.format().wireName()))
                .build();
    }
}
