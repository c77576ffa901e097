package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchRequest;
import io.nightshift.dispatcher.batch.InvalidRequestException;
import io.nightshift.dispatcher.batch.InvalidRequestException.FieldError;
import io.nightshift.dispatcher.listing.RawFilter;
import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.StorageLocations;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Turns request bodies into {@link BatchRequest}s, collecting every offending field. */
final class RequestValidation {
    static final String DEFAULT_OUTPUT_BUCKET = "nightshift-results";
    static final String DEFAULT_OUTPUT_PREFIX = "enhanced/";
    static final String DEFAULT_FORMAT = OutputFormat.PNG16.wireName();
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");

    private final List<FieldError> errors = new ArrayList<>();

    static BatchRequest batch(BatchRequestBody body, List<String> defaultExtensions, StorageLocations outputs) {
        if (body == null) {
            throw new InvalidRequestException("body", "a JSON object is required");
        }
        RequestValidation v = new RequestValidation();
        String sourceBucket = v.bucket("sourceBucket", body.sourceBucket());
        String sourcePrefix = v.prefix("sourcePrefix", body.sourcePrefix());
        String outputBucket = v.bucket("outputBucket", orDefault(body.outputBucket(), DEFAULT_OUTPUT_BUCKET));
        String outputPrefix = v.folder("outputPrefix", orDefault(body.outputPrefix(), DEFAULT_OUTPUT_PREFIX));
        v.outputAllowed(outputs, outputBucket, outputPrefix);
        String format = v.format(body.format());
        List<String> extensions = v.extensions(body.extensions(), defaultExtensions);
        if (body.minBytes() != null && body.minBytes() < 0) {
            v.error("minBytes", "must be 0 or more");
        }
        if (body.maxBytes() != null && body.maxBytes() < 0) {
            v.error("maxBytes", "must be 0 or more");
        }
        if (body.minBytes() != null && body.maxBytes() != null && body.minBytes() > body.maxBytes()) {
            v.error("maxBytes", "must not be less than minBytes");
        }
        v.ratio(body.ratio());
        v.requestId(body.requestId());
        v.throwIfAny();
        return new BatchRequest(sourceBucket, sourcePrefix, outputBucket, outputPrefix, format, extensions,
                body.minBytes(), body.maxBytes(), body.ratio());
    }

    /** A single job as a batch of one whose source prefix is the object's key. */
    static BatchRequest job(JobRequestBody body, List<String> defaultExtensions, StorageLocations outputs) {
        if (body == null) {
            throw new InvalidRequestException("body", "a JSON object is required");
        }
        RequestValidation v = new RequestValidation();
        String bucket = v.bucket("bucket", body.bucket());
        String key = v.check("key", () -> ObjectKeys.requireSafeKey("key", body.key()));
        List<String> extensions = defaultExtensions.stream().map(RawFilter::normalise).toList();
        if (key != null && !RawFilter.of(extensions, null, null).hasRawExtension(key)) {
            v.error("key", "not a RAW file (extensions " + String.join(", ", extensions) + ")");
        }
        String outputBucket = v.bucket("outputBucket", orDefault(body.outputBucket(), DEFAULT_OUTPUT_BUCKET));
        String outputPrefix = v.folder("outputPrefix", orDefault(body.outputPrefix(), DEFAULT_OUTPUT_PREFIX));
        v.outputAllowed(outputs, outputBucket, outputPrefix);
        String format = v.format(body.format());
        v.ratio(body.ratio());
        v.requestId(body.requestId());
        v.throwIfAny();
        return new BatchRequest(bucket, key, outputBucket, outputPrefix, format, extensions, null, null, body.ratio());
    }

    private String bucket(String field, String value) {
        if (value == null || value.isBlank()) {
            error(field, "is required");
            return null;
        }
        return check(field, () -> ObjectKeys.requireBucketName(field, value));
    }

    /** A listing prefix: empty, or a safe key that may end with {@code /}. */
    private String prefix(String field, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return check(field, () -> {
            ObjectKeys.requireSafeKey(field, trimmed);
            return value;
        });
    }

    private String folder(String field, String value) {
        return check(field, () -> ObjectKeys.folderPrefix(field, value));
    }

    /**
     * The output folder must lie wholly inside the locations the workers may write (every output key starts with
     * it): otherwise each job would be dead-lettered as KEY_NOT_ALLOWED by the workers.
     */
    private void outputAllowed(StorageLocations outputs, String bucket, String prefix) {
        if (bucket == null || prefix == null) {
            return; // already named as malformed
        }
        outputs.refuseFolder(bucket, prefix).ifPresent(refusal -> error(
                refusal.field() == StorageLocations.Refusal.Field.BUCKET ? "outputBucket" : "outputPrefix",
                refusal.message()));
    }

    private String format(String value) {
        String name = orDefault(value, DEFAULT_FORMAT);
        try {
            return OutputFormat.fromWireName(name).wireName();
        } catch (IllegalArgumentException e) {
            error("format", e.getMessage());
            return null;
        }
    }

    private List<String> extensions(List<String> values, List<String> defaults) {
        if (values == null) {
            return defaults.stream().map(RawFilter::normalise).toList();
        }
        if (values.isEmpty()) {
            error("extensions", "must name at least one extension, or be left out for the RAW default list");
        }
        List<String> normalised = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String extension = value == null ? "" : RawFilter.normalise(value);
            if (!EXTENSION.matcher(extension).matches()) {
                error("extensions[" + i + "]", "must be 1-10 letters or digits, e.g. NEF");
            } else {
                normalised.add(extension);
            }
        }
        return normalised;
    }

    private void ratio(Double ratio) {
        if (ratio != null && (ratio.isNaN() || ratio.isInfinite() || ratio <= 0)) {
            error("ratio", "must be a number greater than 0");
        }
    }

    private void requestId(String requestId) {
        if (requestId != null && !ObjectKeys.isValidId(requestId)) {
            error("requestId", "must be " + ObjectKeys.ID_RULE);
        }
    }

    private String check(String field, Supplier<String> validation) {
        try {
            return validation.get();
        } catch (KeyNotAllowedException e) {
            error(field, e.problem());
            return null;
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    private void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
