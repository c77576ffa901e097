package io.nightshift.dispatcher.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.dispatcher.listing.ListedObject;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the S3 event JSON that MinIO's Kafka notification target publishes:
 * {@code {"EventName": "...", "Key": "bucket/object", "Records": [{"eventName": "...",
 * "s3": {"bucket": {"name": ...}, "object": {"key": <URL-encoded>, "size": ..., "eTag": ...}}}]}}.
 */
public final class S3EventParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventParser() {
    }

    /** @throws MalformedEventException naming what is missing or wrong */
    public static List<S3Event> parse(byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedEventException("empty record");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("not a JSON object");
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new MalformedEventException("no Records array");
        }
        List<S3Event> events = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            events.add(event(records.get(i), "Records[" + i + "]"));
        }
        return events;
    }

    private static S3Event event(JsonNode record, String path) {
        String eventName = text(record, "eventName", path);
        JsonNode s3 = object(record, "s3", path);
        String bucket = text(object(s3, "bucket", path + ".s3"), "name", path + ".s3.bucket");
        JsonNode object = object(s3, "object", path + ".s3");
        String encodedKey = text(object, "key", path + ".s3.object");
        String key;
        try {
            key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(path + ".s3.object.key is not URL-encoded: " + e.getMessage());
        }
        JsonNode size = object.get("size");
        if (size != null && !size.isNull() && !size.canConvertToLong()) {
            throw new MalformedEventException(path + ".s3.object.size is not a number");
        }
        JsonNode etag = object.get("eTag");
        return new S3Event(eventName, bucket, key, size == null || size.isNull() ? -1 : size.longValue(),
                etag == null || !etag.isTextual() ? null : ListedObject.bareEtag(etag.textValue()));
    }

    private static JsonNode object(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || !node.isObject()) {
            throw new MalformedEventException(path + "." + name + " is missing");
        }
        return node;
    }

    private static String text(JsonNode parent, String name, String path) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            throw new MalformedEventException(path + "." + name + " is missing");
        }
        return node.textValue();
    }
}
