package io.nightshift.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run the local stack.
 *
 * @param dir            data, configuration and logs of both servers
 * @param kafkaPort      the broker's PLAINTEXT listener on 127.0.0.1
 * @param controllerPort the KRaft controller listener on 127.0.0.1
 * @param s3Port         the S3 endpoint on 127.0.0.1
 * @param accessKey      S3 access key (local use only)
 * @param secretKey      S3 secret key (local use only)
 * @param buckets        buckets created when the stack starts
 * @param exitWithParent whether the servers die with the JVM that started them (tests) or outlive it
 *                       ({@code ./nightshift stack up})
 */
public record StackConfig(Path dir, int kafkaPort, int controllerPort, int s3Port, String accessKey,
                          String secretKey, List<String> buckets, boolean exitWithParent) {
    /** The buckets every stack gets: RAW input, enhanced output, model store, the workers' own state. */
    public static final List<String> DEFAULT_BUCKETS = List.of("nightshift-raw", "nightshift-results", "nightshift-models",
            "nightshift-worker-state");

    public StackConfig {
        buckets = List.copyOf(buckets);
    }

    /** A stack for the current test JVM: free ports, dies with the JVM. */
    public static StackConfig forTests(Path dir) {
        return new StackConfig(dir, freePort(), freePort(), freePort(), "nightshift-test", "nightshift-test-secret",
                DEFAULT_BUCKETS, true);
    }

    /**
     * The stack people start by hand: ports 9092 (Kafka), 9093 (controller) and 9000 (S3, MinIO's default),
     * each overridable through the environment ({@code NIGHTSHIFT_KAFKA_PORT},
     * {@code NIGHTSHIFT_CONTROLLER_PORT}, {@code NIGHTSHIFT_S3_PORT}, {@code NIGHTSHIFT_S3_ACCESS_KEY},
     * {@code NIGHTSHIFT_S3_SECRET_KEY}).
     */
    public static StackConfig forLocalUse(Path dir, Map<String, String> env) {
        return new StackConfig(dir,
                port(env, "NIGHTSHIFT_KAFKA_PORT", 9092),
                port(env, "NIGHTSHIFT_CONTROLLER_PORT", 9093),
                port(env, "NIGHTSHIFT_S3_PORT", 9000),
                env.getOrDefault("NIGHTSHIFT_S3_ACCESS_KEY", "nightshift"),
                env.getOrDefault("NIGHTSHIFT_S3_SECRET_KEY", "nightshift-secret"),
                DEFAULT_BUCKETS, false);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /**
     * The configuration properties that point a Nightshift service (worker, dispatcher: Quarkus or plain) at this
     * stack: {@code kafka.bootstrap.servers} and {@code nightshift.storage.endpoint} with its keys.
     */
    public Map<String, String> serviceProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", bootstrapServers());
        p.put("nightshift.storage.endpoint", s3Endpoint());
        p.put("nightshift.storage.access-key", accessKey);
        p.put("nightshift.storage.secret-key", secretKey);
        return p;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a port number");
        }
    }

    /** A port free on loopback now (tests and tools that start servers of their own). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
