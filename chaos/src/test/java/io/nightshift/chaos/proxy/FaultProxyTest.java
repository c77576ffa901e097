package io.nightshift.chaos.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.nightshift.stack.StandaloneS3;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy in front of a real S3 server (S3Proxy), reached with the MinIO SDK as the workers reach it: it
 * forwards and records each request, refuses connections and takes them again on the same port, answers 503 and 403
 * as S3 does, stalls, cuts requests in flight when a fault begins, and tells a client that went away from one that
 * was answered.
 */
class FaultProxyTest {
    private static final String BUCKET = "nightshift-raw";
    private static StandaloneS3 s3;
    private static FaultProxy proxy;
    private static MinioClient client;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("nightshift-chaos-proxy-");
        s3 = StandaloneS3.start(dir, "chaos-test", "chaos-test-secret");
        proxy = FaultProxy.start(s3.port());
        client = MinioClient.builder().endpoint(proxy.endpoint()).credentials("chaos-test", "chaos-test-secret").build();
        client.setTimeout(2000, 2000, 2000);
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        proxy.close();
        s3.close();
    }

    private static void put(String key, byte[] bytes) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
    }

    private static byte[] get(String key) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static List<Exchange> of(String key) {
        return proxy.exchanges().stream().filter(e -> e.key().equals(key)).toList();
    }

    @Test
    void forwardsAndRecordsEachRequest() throws Exception {
        byte[] bytes = new byte[300_000];
        new java.util.Random(1).nextBytes(bytes);
        put("pass/a b+c.NEF", bytes);
        assertArrayEquals(bytes, get("pass/a b+c.NEF"));
        List<Exchange> seen = of("pass/a b+c.NEF");
        assertTrue(seen.stream().anyMatch(e -> e.is("PUT", BUCKET, "pass/a b+c.NEF")
                && e.outcome() == Exchange.Outcome.COMPLETED), seen.toString());
        assertTrue(seen.stream().anyMatch(e -> e.is("GET", BUCKET, "pass/a b+c.NEF")
                && e.outcome() == Exchange.Outcome.COMPLETED), seen.toString());
    }

    @Test
    void answers503And403AsS3Does() throws Exception {
        put("err/x.NEF", new byte[] {1, 2, 3});
        proxy.mode(FaultMode.UNAVAILABLE);
        try {
            ErrorResponseException e = assertThrows(ErrorResponseException.class, () -> get("err/x.NEF"));
            assertEquals("ServiceUnavailable", e.errorResponse().code());
        } finally {
            proxy.mode(FaultMode.PASS);
        }
        proxy.mode(FaultMode.FORBIDDEN);
        try {
            ErrorResponseException e = assertThrows(ErrorResponseException.class, () -> get("err/x.NEF"));
            assertEquals("AccessDenied", e.errorResponse().code());
        } finally {
            proxy.mode(FaultMode.PASS);
        }
        assertArrayEquals(new byte[] {1, 2, 3}, get("err/x.NEF"));
        List<Exchange.Outcome> outcomes = of("err/x.NEF").stream().map(Exchange::outcome).toList();
        assertTrue(outcomes.contains(Exchange.Outcome.UNAVAILABLE) && outcomes.contains(Exchange.Outcome.FORBIDDEN),
                outcomes.toString());
    }

    @Test
    void refusesConnectionsThenTakesThemAgainOnTheSamePort() throws Exception {
        proxy.mode(FaultMode.REFUSE);
        try {
            assertTrue(refused(proxy.port()), "nothing listens on " + proxy.port());
        } finally {
            proxy.mode(FaultMode.PASS);
        }
        put("refuse/back.NEF", new byte[] {7});
        assertArrayEquals(new byte[] {7}, get("refuse/back.NEF"));
    }

    @Test
    void stallsUntilTheClientGivesUp() throws Exception {
        put("stall/x.NEF", new byte[] {5});
        proxy.mode(FaultMode.STALL);
        long start = System.nanoTime();
        try {
            assertThrows(Exception.class, () -> client.statObject(StatObjectArgs.builder().bucket(BUCKET)
                    .object("stall/x.NEF").build()));
        } finally {
            proxy.mode(FaultMode.PASS);
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1900, "waited for the read timeout");
        awaitOutcome("stall/x.NEF", Exchange.Outcome.STALLED);
    }

    @Test
    void aFaultCutsTheRequestsInFlight() throws Exception {
        put("cut/x.NEF", new byte[] {9});
        proxy.slow("GET", BUCKET, Duration.ofSeconds(3));
        try {
            CompletableFuture<byte[]> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return get("cut/x.NEF");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            awaitInFlight("cut/x.NEF");
            proxy.mode(FaultMode.UNAVAILABLE);
            proxy.mode(FaultMode.PASS);
            awaitOutcome("cut/x.NEF", Exchange.Outcome.CUT);
            held.handle((v, e) -> null).join();
        } finally {
            proxy.fast();
        }
    }

    @Test
    void aClientThatGoesAwayMidRequestIsToldApart() throws Exception {
        put("gone/x.NEF", new byte[] {4});
        proxy.slow("GET", BUCKET, Duration.ofSeconds(1));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /" + BUCKET + "/gone/x.NEF HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            awaitInFlight("gone/x.NEF");
        } finally {
            proxy.fast();
        }
        awaitOutcome("gone/x.NEF", Exchange.Outcome.CLIENT_GONE);
    }

    /**
     * Whether a connection to {@code port} is refused. A connection the kernel makes to itself (its source port chosen
     * equal to the destination, possible on loopback when nothing listens on an ephemeral port) counts as refused too.
     */
    private static boolean refused(int port) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return socket.getLocalPort() == port;
        } catch (ConnectException e) {
            return true;
        }
    }

    @Test
    void aHeldUploadWhoseClientDiedIsCutNotForwarded() throws Exception {
        proxy.slow("PUT", BUCKET, Duration.ofSeconds(1));
        byte[] body = "whole body".getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /" + BUCKET + "/dead/put.NEF HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            awaitInFlight("dead/put.NEF");
        } finally {
            proxy.fast();
        }
        awaitOutcome("dead/put.NEF", Exchange.Outcome.CLIENT_GONE);
        assertThrows(ErrorResponseException.class, () -> client.statObject(StatObjectArgs.builder().bucket(BUCKET)
                .object("dead/put.NEF").build()), "the store never got it");
    }

    private static void awaitInFlight(String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (proxy.inFlight().stream().noneMatch(r -> r.key().equals(key))) {
            assertTrue(System.nanoTime() < deadline, "no request of " + key + " in flight");
            Thread.sleep(20);
        }
    }

    private static void awaitOutcome(String key, Exchange.Outcome outcome) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (of(key).stream().noneMatch(e -> e.outcome() == outcome)) {
            assertTrue(System.nanoTime() < deadline, key + " never ended " + outcome + ": " + of(key));
            Thread.sleep(50);
        }
    }
}
