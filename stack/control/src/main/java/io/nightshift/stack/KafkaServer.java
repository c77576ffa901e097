package io.nightshift.stack;

import io.nightshift.protocol.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The single-node KRaft broker (broker and controller in one process) of the local stack. */
final class KafkaServer {
    static final String ROLE = "kafka";

    private final StackConfig config;
    private final Path dir;

    KafkaServer(StackConfig config) {
        this.config = config;
        this.dir = config.dir().resolve("kafka");
    }

    Path logFile() {
        return config.dir().resolve("logs").resolve("kafka.log");
    }

    /** Writes the configuration, formats the storage the first time, starts the broker. */
    ServerProcess start(StackHome home) {
        Path properties = dir.resolve("server.properties");
        Path log4j = dir.resolve("log4j2.properties");
        Path data = dir.resolve("data");
        try {
            Files.createDirectories(data);
            Files.createDirectories(logFile().getParent());
            Files.writeString(properties, serverProperties(data));
            Files.writeString(log4j, log4jProperties());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvm = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(home, jvm, properties);
        }
        return ServerProcess.start(ROLE, config.dir(), home.kafkaLib(), jvm, "kafka.Kafka",
                List.of(properties.toString()), logFile(), config.exitWithParent());
    }

    private void format(StackHome home, List<String> jvm, Path properties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", home.kafkaLib().resolve("*").toString(), "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString(), "--standalone"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new StackException("formatting the Kafka storage failed; see " + logFile());
            }
        } catch (IOException e) {
            throw new StackException("cannot run Kafka's StorageTool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while formatting the Kafka storage", e);
        }
    }

    /** Waits until the broker answers, then creates every protocol topic that does not exist yet. */
    void awaitReadyAndCreateTopics(ServerProcess process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(adminProperties(config.bootstrapServers()))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new StackException("the Kafka broker exited during start-up; see " + logFile());
                }
                try {
                    admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
                    createTopics(admin);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new StackException("the Kafka broker did not answer within " + timeout.toSeconds()
                                + " s; see " + logFile());
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for Kafka", e);
        }
    }

    private static void createTopics(Admin admin) throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            if (!existing.contains(topic.topicName())) {
                Map<String, String> topicConfig = new HashMap<>();
                if (topic.compacted()) {
                    topicConfig.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                } else {
                    topicConfig.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().toMillis()));
                }
                missing.add(new NewTopic(topic.topicName(), topic.defaultPartitions(), (short) 1).configs(topicConfig));
            }
        }
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    static Properties adminProperties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000);
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "nightshift-stack");
        return properties;
    }

    private String serverProperties(Path data) {
        String controller = "127.0.0.1:" + config.controllerPort();
        return String.join("\n",
                "# written by the Nightshift local stack; rewritten at every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort() + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data.toAbsolutePath(),
                "num.partitions=3",
                // topics are created explicitly from the protocol's Topic list: a typo fails instead of
                // silently creating a new topic, as on a production cluster
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private String log4jProperties() {
        return String.join("\n",
                "status = warn",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + logFile().toAbsolutePath(),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{ISO8601} %-5p [%c{1}] %m%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "logger.kafka.name = kafka",
                "logger.kafka.level = WARN",
                "logger.apache.name = org.apache.kafka",
                "logger.apache.level = WARN",
                "logger.state.name = state.change.logger",
                "logger.state.level = WARN",
                "logger.started.name = kafka.server.KafkaRaftServer",
                "logger.started.level = INFO",
                "");
    }
}
