package io.nightshift.stack;

import io.minio.MinioClient;
import org.apache.kafka.clients.admin.Admin;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Checks whether the servers of a stack are running and answering. */
public final class StackProbe {
    private StackProbe() {
    }

    /**
     * One server's state.
     *
     * @param name     {@code kafka} or {@code s3}
     * @param pid      the recorded process id, or -1 when none is recorded
     * @param running  the recorded process is alive (and is this stack's server)
     * @param healthy  it answered a real request
     * @param endpoint where clients reach it
     * @param detail   what the check saw, or why it failed
     */
    public record ServiceStatus(String name, long pid, boolean running, boolean healthy, String endpoint,
                                String detail) {
    }

    /** The state of the stack recorded in {@code dir}; both services "not running" when none is recorded. */
    public static List<ServiceStatus> status(Path dir) {
        Optional<StackState> recorded = StackState.read(dir);
        if (recorded.isEmpty()) {
            return List.of(new ServiceStatus(KafkaServer.ROLE, -1, false, false, "-", "not started"),
                    new ServiceStatus(S3Server.ROLE, -1, false, false, "-", "not started"));
        }
        StackState state = recorded.get();
        return List.of(kafka(state), s3(state));
    }

    private static ServiceStatus kafka(StackState state) {
        StackConfig config = state.config();
        boolean running = ServerProcess.find(KafkaServer.ROLE, dir(state), state.kafkaPid()).isPresent();
        if (!running) {
            return new ServiceStatus(KafkaServer.ROLE, state.kafkaPid(), false, false, config.bootstrapServers(), "process gone");
        }
        try (Admin admin = Admin.create(KafkaServer.adminProperties(config.bootstrapServers()))) {
            String clusterId = admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
            int topics = admin.listTopics().names().get(5, TimeUnit.SECONDS).size();
            return new ServiceStatus(KafkaServer.ROLE, state.kafkaPid(), true, true, config.bootstrapServers(),
                    "cluster " + clusterId + ", " + topics + " topics");
        } catch (Exception e) {
            return new ServiceStatus(KafkaServer.ROLE, state.kafkaPid(), true, false, config.bootstrapServers(),
                    "not answering: " + e.getClass().getSimpleName());
        }
    }

    private static ServiceStatus s3(StackState state) {
        StackConfig config = state.config();
        boolean running = ServerProcess.find(S3Server.ROLE, dir(state), state.s3Pid()).isPresent();
        if (!running) {
            return new ServiceStatus(S3Server.ROLE, state.s3Pid(), false, false, config.s3Endpoint(), "process gone");
        }
        try (MinioClient client = S3Server.client(config)) {
            int buckets = client.listBuckets().size();
            return new ServiceStatus(S3Server.ROLE, state.s3Pid(), true, true, config.s3Endpoint(), buckets + " buckets");
        } catch (Exception e) {
            return new ServiceStatus(S3Server.ROLE, state.s3Pid(), true, false, config.s3Endpoint(),
                    "not answering: " + e.getClass().getSimpleName());
        }
    }

    private static Path dir(StackState state) {
        return state.config().dir();
    }
}
