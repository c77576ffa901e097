package io.nightshift.dispatcher.security;

import io.nightshift.dispatcher.config.DispatcherConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * When {@code nightshift.dispatcher.auth.api-key} is set, every HTTP request (the API, the page and its files,
 * previews, OpenAPI, Swagger UI, metrics) must carry the key, else it is answered 401; {@code /q/health/*} stays
 * open unless {@code health-open=false}. The key is accepted as {@code X-API-Key: <key>}, as
 * {@code Authorization: Bearer <key>}, or as the password of HTTP Basic (any user name): the 401 asks browsers for
 * Basic credentials, so the page works without any key handling in its script. Keys are compared as SHA-256
 * digests in constant time and never logged, neither the configured one nor a presented one.
 */
@ApplicationScoped
public class ApiKeyFilter {
    /** Header carrying the key for programs. */
    public static final String HEADER = "X-API-Key";
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    /** Runs before every route, the static files and the /q endpoints included. */
    private static final int PRIORITY = 10_000;
    private static final String CHALLENGE = "Basic realm=\"Nightshift dispatcher\", charset=\"UTF-8\"";
    private static final String BODY = "{\"error\":\"an API key is required: header X-API-Key, "
            + "Authorization: Bearer <key>, or HTTP Basic with the key as password\",\"fields\":[]}";

    void register(@Observes Filters filters, DispatcherConfig config) {
        DispatcherConfig.Auth auth = config.auth();
        if (auth.apiKey().isEmpty() || auth.apiKey().get().isBlank()) {
            LOG.info("API key: none configured; the API and the page are open");
            return;
        }
        byte[] expected = sha256(auth.apiKey().get());
        boolean healthOpen = auth.healthOpen();
        LOG.infof("API key: required on every endpoint and the page%s",
                healthOpen ? " (health probes /q/health/* exempt)" : ", health probes included");
        filters.register(rc -> check(rc, expected, healthOpen), PRIORITY);
    }

    private static void check(RoutingContext rc, byte[] expected, boolean healthOpen) {
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
                .putHeader("WWW-Authenticate", CHALLENGE)
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
