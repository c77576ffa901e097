package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.uploads.Upload;
import io.nightshift.dispatcher.uploads.UploadFile;
import io.nightshift.dispatcher.uploads.Uploads;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Uploads from the page: signed URLs to PUT RAW files straight into the object store under a new prefix; the page
 * then posts a batch of that prefix ({@code requestId} = the upload id).
 */
@Path("/api/uploads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class UploadResource {
    @Inject
    Uploads uploads;

    /** What the browser is about to upload. */
    public record UploadRequestBody(List<UploadFile> files) {
    }

    /**
     * 201 with one signed PUT URL per file; 400 naming {@code files[i].name} (not a file name, not a RAW extension,
     * twice) or {@code files[i].size} (0 or above {@code uploads.max-bytes}); 403 when uploads are switched off.
     */
    @POST
    public Response sign(UploadRequestBody body) {
        Upload upload = uploads.sign(body == null ? null : body.files());
        return Response.status(Response.Status.CREATED).entity(upload).build();
    }

    @ServerExceptionMapper
    public Response disabled(Uploads.UploadsDisabledException e) {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorView(e.getMessage(), List.of())).build();
    }
}
