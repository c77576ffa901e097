package io.nightshift.admin;

import io.nightshift.protocol.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The protocol's topics ({@link Topic}) as a cluster should hold them: the jobs topic with {@code jobsPartitions}
 * (at least the workers' maximum replica count), the others with {@code otherPartitions}, except the model-set
 * topic, which keeps one partition (its readers take the latest record per channel in order). {@link #apply} creates
 * what is missing with the topic's cleanup policy and retention, and grows a topic that has fewer partitions; it
 * never shrinks one (Kafka cannot) and never changes a topic that has as many or more.
 */
public record TopicPlan(Map<Topic, Integer> partitions, short replicationFactor) {

    public static TopicPlan of(int jobsPartitions, int otherPartitions, short replicationFactor) {
        Map<Topic, Integer> partitions = new LinkedHashMap<>();
        for (Topic topic : Topic.values()) {
            partitions.put(topic, switch (topic) {
                case JOBS -> jobsPartitions;
                case MODEL_SETS -> 1;
                default -> otherPartitions;
            });
        }
        return new TopicPlan(Map.copyOf(partitions), replicationFactor);
    }

    /** What {@link #apply} did: topic names per outcome, each topic's partitions after it, one line per topic. */
    public record Outcome(List<String> created, List<String> grown, List<String> unchanged,
                          Map<String, Integer> partitions, List<String> lines) {
    }

    public Outcome apply(Properties kafka, Duration timeout) throws ExecutionException, InterruptedException,
            TimeoutException {
        List<String> created = new ArrayList<>();
        List<String> grown = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Map<String, Integer> after = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        try (Admin admin = Admin.create(kafka)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Map<String, NewPartitions> growth = new LinkedHashMap<>();
            Map<String, TopicDescription> described = existing.isEmpty() ? Map.of()
                    : admin.describeTopics(names().stream().filter(existing::contains).toList()).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (Topic topic : Topic.values()) {
                String name = topic.topicName();
                int wanted = partitions.get(topic);
                TopicDescription description = described.get(name);
                if (description == null) {
                    Map<String, String> config = new LinkedHashMap<>();
                    if (topic.compacted()) {
                        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                    } else {
                        config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().toMillis()));
                    }
                    missing.add(new NewTopic(name, wanted, replicationFactor).configs(config));
                    created.add(name);
                    after.put(name, wanted);
                    lines.add(String.format("%-26s created with %d partitions, replication %d", name, wanted,
                            replicationFactor));
                } else {
                    int has = description.partitions().size();
                    if (has < wanted) {
                        growth.put(name, NewPartitions.increaseTo(wanted));
                        grown.add(name);
                        after.put(name, wanted);
                        lines.add(String.format("%-26s grown from %d to %d partitions", name, has, wanted));
                    } else {
                        unchanged.add(name);
                        after.put(name, has);
                        lines.add(String.format("%-26s unchanged: %d partitions%s", name, has,
                                has > wanted ? " (more than the " + wanted + " asked: never shrunk)" : ""));
                    }
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!growth.isEmpty()) {
                admin.createPartitions(growth).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return new Outcome(created, grown, unchanged, after, lines);
    }

    private static List<String> names() {
        return java.util.Arrays.stream(Topic.values()).map(Topic::topicName).toList();
    }
}
