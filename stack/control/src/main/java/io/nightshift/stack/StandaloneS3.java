package io.nightshift.stack;

import java.nio.file.Path;

/**
 * One more S3 server (S3Proxy, filesystem backend) beside a stack, in its own folder, on a free port, with credentials
 * of its own and the default buckets: for tests in which the object store must refuse a client's credentials the way
 * a real server does ({@code InvalidAccessKeyId}). Dies with the JVM that started it.
 */
public final class StandaloneS3 implements AutoCloseable {

    private final StackConfig config;
    private final ServerProcess process;

    private StandaloneS3(StackConfig config, ServerProcess process) {
        this.config = config;
        this.process = process;
    }

    /** Starts the server and waits until it answers (its buckets created). */
    public static StandaloneS3 start(Path dir, String accessKey, String secretKey) {
        StackConfig config = new StackConfig(dir, 0, 0, StackConfig.freePort(), accessKey, secretKey,
                StackConfig.DEFAULT_BUCKETS, true);
        S3Server server = new S3Server(config);
        ServerProcess process = server.start(StackHome.locate());
        try {
            server.awaitReadyAndCreateBuckets(process, LocalStack.START_TIMEOUT);
        } catch (RuntimeException e) {
            process.stop(java.time.Duration.ofSeconds(5));
            throw e;
        }
        return new StandaloneS3(config, process);
    }

    public int port() {
        return config.s3Port();
    }

    public String endpoint() {
        return config.s3Endpoint();
    }

    @Override
    public void close() {
        process.stop(java.time.Duration.ofSeconds(5));
    }
}
