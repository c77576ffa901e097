package io.nightshift.dispatcher.testing;

import io.nightshift.stack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A jobs topic of its own for a test that runs the real worker ({@link WorkerProcess}): the dispatcher publishes
 * there ({@code nightshift.dispatcher.topics.jobs}) and the worker consumes it ({@code
 * nightshift.worker.kafka.jobs-topic}), so that the worker sees only that test's jobs, not the thousands of
 * zero-byte objects the other tests of this JVM sent to {@code nightshift.jobs}. Created before the application
 * starts (its progress reader assigns the jobs topic's partitions at start); the results topic stays the
 * protocol's.
 */
public class WorkerJobsTopic implements QuarkusTestResourceLifecycleManager {
    public static final String NAME = "nightshift.jobs.page-browser";
    private static final int PARTITIONS = 3;

    @Override
    public Map<String, String> start() {
        try (Admin admin = Admin.create(LocalStack.shared().kafkaProperties())) {
            admin.createTopics(List.of(new NewTopic(NAME, PARTITIONS, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + NAME + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating " + NAME, e);
        }
        return Map.of("nightshift.dispatcher.topics.jobs", NAME);
    }

    @Override
    public void stop() {
        // the topic goes with the JVM's stack
    }
}
