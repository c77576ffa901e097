package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchConflictException;
import io.nightshift.dispatcher.batch.BatchNotFoundException;
import io.nightshift.dispatcher.batch.InvalidRequestException;
import io.nightshift.dispatcher.batch.InvalidRequestException.FieldError;
import io.nightshift.dispatcher.batch.NotRecordedException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Expected failures as answers (400, 404, 409, 415, 503), without stack traces in the log. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return answer(Response.Status.BAD_REQUEST, new ErrorView("invalid request", e.errors()));
    }

    /** A field of the wrong JSON type ({@code "minBytes": "ten"}): 400 naming the field by its path. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        String expected = e.getTargetType() == null ? "another type" : e.getTargetType().getSimpleName();
        return answer(Response.Status.BAD_REQUEST, new ErrorView("invalid request",
                List.of(new FieldError(field.isEmpty() ? "body" : field, "must be of type " + expected))));
    }

    /** A body that is not JSON at all (Quarkus wraps the parser's error in a 400); other errors pass unchanged. */
    @ServerExceptionMapper
    public Response unparsable(WebApplicationException e) {
        if (e.getCause() instanceof StreamReadException parse) {
            return answer(Response.Status.BAD_REQUEST, new ErrorView("invalid request",
                    List.of(new FieldError("body", "is not valid JSON: " + parse.getOriginalMessage()))));
        }
        return e.getResponse();
    }

    @ServerExceptionMapper
    public Response notFound(BatchNotFoundException e) {
        return answer(Response.Status.NOT_FOUND, new ErrorView(e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response imageNotFound(ImageNotFoundException e) {
        return answer(Response.Status.NOT_FOUND, new ErrorView(e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response conflict(BatchConflictException e) {
        return answer(Response.Status.CONFLICT, new ErrorView(e.getMessage(), List.of()));
    }

    /**
     * The broker did not acknowledge what the answer depends on: nothing was accepted or changed, say so and
     * invite a retry (with the same request id it is the same batch).
     */
    @ServerExceptionMapper
    public Response notRecorded(NotRecordedException e) {
        LOG.warnf("503: %s", e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .header("Retry-After", "5")
                .entity(new ErrorView("not accepted, nothing changed: " + e.getMessage(), List.of())).build();
    }

    /** This replica has not read what the answer depends on (the broker is away, or it is catching up). */
    @ServerExceptionMapper
    public Response notCurrent(CurrentState.NotCurrentException e) {
        LOG.warnf("503: state not current: %s", e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .header("Retry-After", "5")
                .entity(new ErrorView("batch state not current on this replica, nothing done: " + e.getMessage(),
                        List.of())).build();
    }

    private static Response answer(Response.Status status, ErrorView body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
