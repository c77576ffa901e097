package io.nightshift.client.fleet;

import io.nightshift.stack.StackConfig;
import java.net.URI;
import java.util.Map;

/**
 * Where a fleet is and how to talk to it: its object store and its dispatcher. The local stack's by default; a
 * remote fleet by {@code --s3 ENDPOINT --dispatcher URL}, with credentials from the environment only
 * ({@code NIGHTSHIFT_S3_ACCESS_KEY}, {@code NIGHTSHIFT_S3_SECRET_KEY}, {@code NIGHTSHIFT_API_KEY}), so that no
 * secret is on a command line or in a log. {@link #toString()} leaves the secrets out.
 *
 * @param apiKey the dispatcher's API key, or null when it has none
 */
public record FleetAddress(URI s3Endpoint, String accessKey, String secretKey, URI dispatcher, String apiKey) {
    /**
     * The local stack's endpoints and keys ({@code NIGHTSHIFT_S3_PORT}, … as {@code ./nightshift stack up} uses
     * them) and the local dispatcher ({@code NIGHTSHIFT_DISPATCHER_URL}, else 127.0.0.1 on
     * {@code NIGHTSHIFT_DISPATCHER_PORT}, 8080), unless {@code s3} or {@code dispatcher} name others.
     */
    public static FleetAddress of(StackConfig local, String s3, String dispatcher, Map<String, String> env) {
        String apiKey = env.get("NIGHTSHIFT_API_KEY");
        return new FleetAddress(
                URI.create(s3 != null ? s3 : local.s3Endpoint()),
                env.getOrDefault("NIGHTSHIFT_S3_ACCESS_KEY", local.accessKey()),
                env.getOrDefault("NIGHTSHIFT_S3_SECRET_KEY", local.secretKey()),
                URI.create(stripSlash(dispatcher != null ? dispatcher : env.getOrDefault("NIGHTSHIFT_DISPATCHER_URL",
                        "http://127.0.0.1:" + env.getOrDefault("NIGHTSHIFT_DISPATCHER_PORT", "8080")))),
                apiKey == null || apiKey.isBlank() ? null : apiKey);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "S3 " + s3Endpoint + ", dispatcher " + dispatcher;
    }
}
