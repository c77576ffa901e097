package io.nightshift.access;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A Vert.x filter that lets a request through only with the API key, as {@code X-API-Key: <key>}, as
 * {@code Authorization: Bearer <key>}, or as the password of HTTP Basic (any user name); anything else is answered
 * 401 with a Basic challenge, so that browsers ask for it. {@code /q/health} and {@code /q/health/*} pass without
 * it when health is open (Kubernetes probes). Keys are compared as SHA-256 digests in constant time and never
 * logged, neither the configured one nor a presented one; a refusal is logged at DEBUG.
 */
public final class ApiKeyCheck implements Handler<RoutingContext> {
    /** Header carrying the key for programs. */
    public static final String HEADER = "X-API-Key";
    private static final Logger LOG = Logger.getLogger(ApiKeyCheck.class);
    private static final String BODY = "{\"error\":\"an API key is required: header X-API-Key, "
            + "Authorization: Bearer <key>, or HTTP Basic with the key as password\",\"fields\":[]}";

    private final byte[] expected;
    private final boolean healthOpen;
    private final String challenge;

    /** @param realm what a browser's password prompt names, e.g. {@code Nightshift dispatcher} */
    public ApiKeyCheck(String key, boolean healthOpen, String realm) {
        this.expected = sha256(key);
        this.healthOpen = healthOpen;
        this.challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
    }

    @Override
    public void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (healthOpen && (path.equals("/q/health") || path.startsWith("/q/health/"))) {
            rc.next();
            return;
        }
        String presented = presentedKey(rc);
        if (presented != null && MessageDigest.isEqual(sha256(presented), expected)) {
            rc.next();
            return;
        }
        LOG.debugf("401 for %s %s: %s", rc.request().method(), path, presented == null ? "no key" : "wrong key");
        rc.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", challenge)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(BODY);
    }

    /** The key a request carries, or null. */
    static String presentedKey(RoutingContext rc) {
        String header = rc.request().getHeader(HEADER);
        if (header != null) {
            return header;
        }
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
