package io.nightshift.dispatcher.rest;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.batch.Batches;
import io.nightshift.dispatcher.batch.InvalidRequestException;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.progress.ImageRef;
import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.StorageLocations;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Locale;

/**
 * A single RAW object as a job, in a batch of one (202 once the broker holds the job); and a done job's images (its
 * JPEG previews, and its output where a browser can show it), streamed from the object store.
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
public class JobResource {
    private static final Logger LOG = Logger.getLogger(JobResource.class);
    static final String JPEG = "image/jpeg";

    @Inject
    Batches batches;

    @Inject
    DispatcherConfig config;

    @Inject
    Progress progress;

    @Inject
    MinioClient s3;

    @Inject
    StorageLocations outputLocations;

    @POST
    public Response create(JobRequestBody body) {
        Batches.SingleJob single = batches.createSingle(RequestValidation.job(body, config.listing().rawExtensions(), outputLocations),
                body.requestId());
        Job job = single.job();
        return Response.status(single.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(URI.create("/api/batches/" + single.batch().batchId()))
                .entity(new JobView(job.jobId(), job.batchId(), job.source(), job.output(), job.format().wireName()))
                .build();
    }

    /**
     * A done job's JPEG preview by role: {@code input} (plain rendering of the dark input) or {@code result}.
     * Never an open proxy: the client names a job and a role; the key is the one the job's counting result event
     * named, it must be a safe key beside the job's own output (starting with its output key, as the worker writes
     * {@code OUTPUT_KEY.input.jpg} and {@code OUTPUT_KEY.preview.jpg}) and ending in {@code .jpg}/{@code .jpeg},
     * and it is read from the output bucket of the job's batch only.
     */
    @GET
    @Path("{jobId}/previews/{role}")
    @Produces({JPEG, MediaType.APPLICATION_JSON})
    @Consumes(MediaType.WILDCARD)
    public Response preview(@PathParam("jobId") String jobId, @PathParam("role") String role) {
        if (!ObjectKeys.isValidId(jobId)) {
            throw new InvalidRequestException("jobId", "must be " + ObjectKeys.ID_RULE);
        }
        if (!JobResult.PREVIEW_INPUT.equals(role) && !JobResult.PREVIEW_RESULT.equals(role)) {
            throw new InvalidRequestException("role", "must be '" + JobResult.PREVIEW_INPUT + "' or '"
                    + JobResult.PREVIEW_RESULT + "'");
        }
        ImageRef ref = progress.preview(jobId, role).orElseThrow(() -> new ImageNotFoundException(
                "no " + role + " preview for job " + jobId + " (unknown, not done, or none reported)"));
        BatchRecord batch = batches.find(ref.batchId()).orElseThrow(() -> new ImageNotFoundException(
                "no " + role + " preview for job " + jobId + ": its batch " + ref.batchId() + " is unknown"));
        return stream(batch.request().outputBucket(), allowedKey(ref), JPEG, "the " + role + " preview of job " + jobId);
    }

    /**
     * A done job's output image itself, at full size, for the page's comparison at actual pixels: only where a
     * browser can show its format ({@code jpeg}, {@code png16}; 404 for TIFF and DNG), streamed from the output
     * bucket of the job's batch (never held in the dispatcher's heap). As for previews, the client names a job and
     * the key is the one its records name.
     */
    @GET
    @Path("{jobId}/output")
    @Produces({JPEG, "image/png", MediaType.APPLICATION_JSON})
    @Consumes(MediaType.WILDCARD)
    public Response output(@PathParam("jobId") String jobId) {
        if (!ObjectKeys.isValidId(jobId)) {
            throw new InvalidRequestException("jobId", "must be " + ObjectKeys.ID_RULE);
        }
        ImageRef ref = progress.output(jobId).orElseThrow(() -> new ImageNotFoundException(
                "no output for job " + jobId + " (unknown, or not done)"));
        BatchRecord batch = batches.find(ref.batchId()).orElseThrow(() -> new ImageNotFoundException(
                "no output for job " + jobId + ": its batch " + ref.batchId() + " is unknown"));
        OutputFormat format = batch.request().outputFormat();
        if (!PreviewUrls.viewable(format)) {
            throw new ImageNotFoundException("the output of job " + jobId + " is " + format.wireName()
                    + ", which browsers do not show: read it from the store");
        }
        String key;
        try {
            key = ObjectKeys.requireSafeKey("outputKey", ref.outputKey());
        } catch (KeyNotAllowedException e) {
            LOG.warnf("job %s: output key refused: %s", jobId, e.problem());
            throw new ImageNotFoundException("job " + jobId + " has no usable output key");
        }
        return stream(batch.request().outputBucket(), key, format.contentType(), "the output of job " + jobId);
    }

    /** An object of the output bucket, streamed with its length; 404 when the store does not hold it. */
    private Response stream(String bucket, String key, String contentType, String what) {
        try {
            GetObjectResponse object = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
            Response.ResponseBuilder answer = Response.ok(object, contentType)
                    .header("Cache-Control", "private, max-age=60")
                    .header("X-Content-Type-Options", "nosniff");
            String length = object.headers().get("Content-Length");
            if (length != null) {
                answer.header("Content-Length", length);
            }
            return answer.build();
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NoSuchBucket".equals(code)) {
                throw new ImageNotFoundException(what + " is not in the object store");
            }
            throw new IllegalStateException("object store refused " + what + ": " + code, e);
        } catch (Exception e) {
            throw new IllegalStateException("object store unavailable: " + e.getMessage(), e);
        }
    }

    /** The preview key if it is a safe JPEG key beside the job's output; a result event is outside input. */
    private static String allowedKey(ImageRef ref) {
        try {
            String key = ObjectKeys.requireSafeKey("previewKey", ref.key());
            String lower = key.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".jpg") && !lower.endsWith(".jpeg")) {
                throw new KeyNotAllowedException("previewKey", "a preview is a JPEG (.jpg or .jpeg)");
            }
            if (ref.outputKey() == null || !key.startsWith(ref.outputKey()) || key.length() == ref.outputKey().length()) {
                throw new KeyNotAllowedException("previewKey", "a preview lies beside the job's output "
                        + "(its output key + a suffix)");
            }
            return key;
        } catch (KeyNotAllowedException e) {
            LOG.warnf("job %s: preview key from its result event refused: %s", ref.jobId(), e.problem());
            throw new ImageNotFoundException("job " + ref.jobId() + " has no usable preview");
        }
    }
}
