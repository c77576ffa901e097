package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.InvalidRequestException;
import io.nightshift.dispatcher.batch.InvalidRequestException.FieldError;
import io.nightshift.dispatcher.deadletters.DeadLetterJob;
import io.nightshift.dispatcher.deadletters.DeadLetters;
import io.nightshift.protocol.ObjectKeys;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Dead letters, for operators: what failed, why, and the original job, paged and filtered by batch and error
 * class; one job's; and replaying chosen ones as their next attempt (only the classes a fix can change, unless
 * forced), through the path retry-failed takes.
 */
@Path("/api/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class DeadLetterResource {
    static final int MAX_REPLAY = 1000;
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    @Inject
    DeadLetters deadLetters;

    /** Jobs with dead letters, by their latest, newest first; {@code batch} and {@code errorClass} filter. */
    @GET
    @Consumes(MediaType.WILDCARD)
    public Page<DeadLetterView> list(@QueryParam("batch") String batch, @QueryParam("errorClass") String errorClass,
                                     @QueryParam("page") @DefaultValue("0") int page,
                                     @QueryParam("size") @DefaultValue("50") int size) {
        Page.check(page, size);
        if (batch != null && !ObjectKeys.isValidId(batch)) {
            throw new InvalidRequestException("batch", "must be " + ObjectKeys.ID_RULE);
        }
        if (errorClass != null && !CLASS_NAME.matcher(errorClass).matches()) {
            throw new InvalidRequestException("errorClass", "must be an error class name such as DECODE_FAILED");
        }
        String cls = errorClass == null ? null : errorClass.toUpperCase(Locale.ROOT);
        List<DeadLetterView> items = deadLetters.page(batch, cls, (long) page * size, size).stream()
                .map(this::view).toList();
        return new Page<>(page, size, deadLetters.count(batch, cls), items);
    }

    /** One job's latest dead letter with the original job, and its earlier ones. */
    @GET
    @Path("{jobId}")
    @Consumes(MediaType.WILDCARD)
    public DeadLetterView show(@PathParam("jobId") String jobId) {
        if (!ObjectKeys.isValidId(jobId)) {
            throw new InvalidRequestException("jobId", "must be " + ObjectKeys.ID_RULE);
        }
        return view(deadLetters.find(jobId).orElseThrow(() -> new DeadLetterNotFoundException(jobId)));
    }

    /** Re-enqueues the chosen jobs' latest dead letters as their next attempt; answers per job. JSON only. */
    @POST
    @Path("replay")
    public ReplayView replay(ReplayRequestBody body) {
        boolean force = body != null && Boolean.TRUE.equals(body.force());
        List<String> jobIds = chosen(body);
        List<ReplayView.Item> items = deadLetters.replay(jobIds, force).stream()
                .map(r -> new ReplayView.Item(r.jobId(), r.requeued() ? "requeued" : "skipped", r.attempt(), r.reason()))
                .toList();
        int requeued = (int) items.stream().filter(i -> i.attempt() != null).count();
        return new ReplayView(requeued, items.size() - requeued, items);
    }

    @ServerExceptionMapper
    public Response notFound(DeadLetterNotFoundException e) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorView(e.getMessage(), List.of())).build();
    }

    private List<String> chosen(ReplayRequestBody body) {
        if (body == null) {
            throw new InvalidRequestException("body", "a JSON object is required: {\"jobIds\": [...], \"force\": false}");
        }
        boolean byIds = body.jobIds() != null;
        boolean byBatch = body.batchId() != null;
        if (byIds == byBatch) {
            throw new InvalidRequestException("jobIds", "name the jobs to replay (jobIds), or a batch (batchId) for all"
                    + " of its dead letters, not both");
        }
        if (byBatch) {
            if (!ObjectKeys.isValidId(body.batchId())) {
                throw new InvalidRequestException("batchId", "must be " + ObjectKeys.ID_RULE);
            }
            return deadLetters.jobIdsOfBatch(body.batchId());
        }
        List<FieldError> errors = new ArrayList<>();
        if (body.jobIds().isEmpty() || body.jobIds().size() > MAX_REPLAY) {
            errors.add(new FieldError("jobIds", "must hold 1 to " + MAX_REPLAY + " job ids"));
        }
        for (int i = 0; i < body.jobIds().size() && errors.size() < 20; i++) {
            if (!ObjectKeys.isValidId(body.jobIds().get(i))) {
                errors.add(new FieldError("jobIds[" + i + "]", "must be " + ObjectKeys.ID_RULE));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return body.jobIds();
    }

    private DeadLetterView view(DeadLetterJob job) {
        return DeadLetterView.of(job, deadLetters.replayability(job, false));
    }

    /** No dead letter of that job id in the index. (404) */
    static final class DeadLetterNotFoundException extends RuntimeException {
        DeadLetterNotFoundException(String jobId) {
            super("no dead letter of job " + jobId + " (unknown, or beyond the index's bound)", null, false, false);
        }
    }
}
