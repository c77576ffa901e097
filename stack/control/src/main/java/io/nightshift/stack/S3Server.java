package io.nightshift.stack;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The S3 server of the local stack: S3Proxy with its filesystem backend, standing in for MinIO. Clients talk
 * to it with the MinIO SDK exactly as they would talk to MinIO.
 */
final class S3Server {
    static final String ROLE = "s3";

    private final StackConfig config;
    private final Path dir;

    S3Server(StackConfig config) {
        this.config = config;
        this.dir = config.dir().resolve("s3");
    }

    Path logFile() {
        return config.dir().resolve("logs").resolve("s3.log");
    }

    ServerProcess start(StackHome home) {
        Path properties = dir.resolve("s3proxy.properties");
        Path logback = dir.resolve("logback.xml");
        Path data = dir.resolve("data");
        try {
            Files.createDirectories(data);
            Files.createDirectories(logFile().getParent());
            Files.writeString(properties, String.join("\n",
                    "# written by the Nightshift local stack; rewritten at every start",
                    "s3proxy.endpoint=" + config.s3Endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "# the page's uploads PUT from the browser (another origin) to signed URLs; the stack is on loopback",
                    "s3proxy.cors-allow-all=true",
                    "s3proxy.identity=" + config.accessKey(),
                    "s3proxy.credential=" + config.secretKey(),
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
                    ""));
            Files.writeString(logback, """
                    <configuration>
                      <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                        <file>%s</file>
                        <encoder><pattern>%%d{ISO8601} %%-5level [%%logger{0}] %%msg%%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="FILE"/></root>
                      <logger name="org.eclipse.jetty.server.Server" level="INFO"/>
                    </configuration>
                    """.formatted(logFile().toAbsolutePath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvm = List.of("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + logback.toAbsolutePath());
        return ServerProcess.start(ROLE, config.dir(), home.s3Lib(), jvm, "org.gaul.s3proxy.Main",
                List.of("--properties", properties.toString()), logFile(), config.exitWithParent());
    }

    /** Waits until the server answers an authenticated request, then creates the configured buckets. */
    void awaitReadyAndCreateBuckets(ServerProcess process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (MinioClient client = client(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new StackException("the S3 server exited during start-up; see " + logFile());
                }
                try {
                    client.listBuckets();
                    break;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new StackException("the S3 server did not answer within " + timeout.toSeconds()
                                + " s; see " + logFile());
                    }
                    Thread.sleep(100);
                }
            }
            for (String bucket : config.buckets()) {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the S3 server", e);
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("cannot create the stack's buckets: " + e.getMessage(), e);
        }
    }

    static MinioClient client(StackConfig config) {
        return MinioClient.builder()
                .endpoint(config.s3Endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .build();
    }
}
