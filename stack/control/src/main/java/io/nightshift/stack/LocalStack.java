package io.nightshift.stack;

import io.minio.MinioClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * The real local stack: a KRaft Kafka broker and an S3 server, each a separate process on its own classpath,
 * listening on loopback. The protocol's topics and the default buckets exist once {@link #start} returns.
 * Closing it stops both servers.
 */
public final class LocalStack implements AutoCloseable {
    /** How long start-up may take before it is declared failed. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static LocalStack shared;

    private final StackConfig config;
    private final StackHome home;
    private volatile ServerProcess kafka;
    private final ServerProcess s3;
    private final Duration startupTime;

    private LocalStack(StackConfig config, StackHome home, ServerProcess kafka, ServerProcess s3,
                       Duration startupTime) {
        this.config = config;
        this.home = home;
        this.kafka = kafka;
        this.s3 = s3;
        this.startupTime = startupTime;
    }

    /**
     * Starts both servers (in parallel) and waits until each answers.
     *
     * @throws StackException when a port is taken, a server exits or does not answer in time; whatever was
     *                        started is stopped again
     */
    public static LocalStack start(StackHome home, StackConfig config) {
        long started = System.nanoTime();
        StackState.read(config.dir()).ifPresent(state -> {
            if (ServerProcess.find(KafkaServer.ROLE, config.dir(), state.kafkaPid()).isPresent()
                    || ServerProcess.find(S3Server.ROLE, config.dir(), state.s3Pid()).isPresent()) {
                throw new StackException("a stack is already running from " + config.dir() + "; stop it first");
            }
        });
        requireFree(config.kafkaPort(), "Kafka");
        requireFree(config.controllerPort(), "the Kafka controller");
        requireFree(config.s3Port(), "S3");
        try {
            Files.createDirectories(config.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        S3Server s3Server = new S3Server(config);
        KafkaServer kafkaServer = new KafkaServer(config);
        ServerProcess s3 = s3Server.start(home);
        CompletableFuture<Void> s3Ready = CompletableFuture.runAsync(
                () -> s3Server.awaitReadyAndCreateBuckets(s3, START_TIMEOUT));
        ServerProcess kafka = null;
        try {
            kafka = kafkaServer.start(home);
            kafkaServer.awaitReadyAndCreateTopics(kafka, START_TIMEOUT);
            s3Ready.join();
        } catch (RuntimeException e) {
            s3.stop(STOP_GRACE);
            if (kafka != null) {
                kafka.stop(STOP_GRACE);
            }
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        new StackState(config, kafka.pid(), s3.pid()).write();
        return new LocalStack(config, home, kafka, s3, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The stack of this test JVM: started on free ports in a temporary folder the first time it is asked for,
     * stopped and deleted when the JVM ends (and halted by {@link OrphanGuard} if the JVM is killed).
     */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("nightshift-stack-");
                LocalStack stack = start(StackHome.locate(), StackConfig.forTests(dir));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stack.close();
                    deleteTree(dir);
                }, "nightshift-stack-stop"));
                shared = stack;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /**
     * Stops the stack recorded in {@code dir} (a stack started by another process).
     *
     * @return whether any server was running
     */
    public static boolean stop(Path dir) {
        return StackState.read(dir).map(state -> {
            List<ServerProcess> running = new ArrayList<>();
            ServerProcess.find(KafkaServer.ROLE, dir, state.kafkaPid()).ifPresent(running::add);
            ServerProcess.find(S3Server.ROLE, dir, state.s3Pid()).ifPresent(running::add);
            running.forEach(process -> process.stop(STOP_GRACE));
            StackState.delete(dir);
            return !running.isEmpty();
        }).orElse(false);
    }

    /**
     * Stops the broker's process (SIGTERM, as an operator or a node drain does; SIGKILL after the grace period),
     * leaving its data: {@link #startBroker} brings the same broker back. For fault-injection runs.
     */
    public synchronized void stopBroker() {
        kafka.stop(STOP_GRACE);
    }

    /** Starts the broker again on its ports and data after {@link #stopBroker}; returns once it answers. */
    public synchronized void startBroker() {
        if (kafka.isAlive()) {
            return;
        }
        KafkaServer server = new KafkaServer(config);
        ServerProcess started = server.start(home);
        kafka = started;
        server.awaitReadyAndCreateTopics(started, START_TIMEOUT);
        new StackState(config, started.pid(), s3.pid()).write();
    }

    /** Whether the broker's process runs. */
    public boolean brokerAlive() {
        return kafka.isAlive();
    }

    public StackConfig config() {
        return config;
    }

    /** How long {@link #start} took. */
    public Duration startupTime() {
        return startupTime;
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public String s3Endpoint() {
        return config.s3Endpoint();
    }

    /** A new MinIO client for the stack's S3 server; the caller closes it. */
    public MinioClient newS3Client() {
        return S3Server.client(config);
    }

    /** Kafka client properties with the stack's bootstrap servers, to extend per client. */
    public Properties kafkaProperties() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", config.bootstrapServers());
        return properties;
    }

    /** Stops both servers. Safe to call twice. */
    @Override
    public void close() {
        kafka.stop(STOP_GRACE);
        s3.stop(STOP_GRACE);
        StackState.delete(config.dir());
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new StackException("port " + port + " for " + what + " is in use on 127.0.0.1; "
                    + "stop what holds it or choose another port (see ./nightshift help)");
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans what is left
        }
    }
}
