package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchConflictException;
import io.nightshift.dispatcher.batch.BatchNotFoundException;
import io.nightshift.dispatcher.batch.InvalidRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Expected failures as answers (400, 404, 409), without stack traces in the log. */
public class ErrorMappers {
    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return answer(Response.Status.BAD_REQUEST, new ErrorView("invalid request", e.errors()));
    }

    @ServerExceptionMapper
    public Response notFound(BatchNotFoundException e) {
        return answer(Response.Status.NOT_FOUND, new ErrorView(e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response conflict(BatchConflictException e) {
        return answer(Response.Status.CONFLICT, new ErrorView(e.getMessage(), List.of()));
    }

    private static Response answer(Response.Status status, ErrorView body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
