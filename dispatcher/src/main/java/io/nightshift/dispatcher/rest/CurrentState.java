package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchRegistry;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.deadletters.DeadLetters;
import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.publishing.EndOffsets;
import io.nightshift.dispatcher.publishing.TopicFollower;
import org.apache.kafka.common.TopicPartition;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every API request is answered only once this replica has applied every batch record, job, result and dead letter
 * that existed when the request came (asked of the broker: a few milliseconds): a batch accepted by one replica is
 * found by the next request on any other, a retry-failed on one is seen by the others, and a restarted replica
 * answers from everything, not from part of it. 503 when the broker cannot say, or the followers do not get
 * there in time.
 */
@ApplicationScoped
public class CurrentState {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    EndOffsets endOffsets;

    @Inject
    BatchRegistry registry;

    @Inject
    Progress progress;

    @Inject
    DeadLetters deadLetters;

    @Inject
    DispatcherConfig config;

    /** Runs on the worker thread of the (blocking) resource, before it. */
    @ServerRequestFilter
    public void beforeApiRequest(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/api/")) {
            await();
        }
    }

    /** @throws NotCurrentException when the state is not known to be current within 10 s */
    public void await() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<TopicPartition, Long> end;
        try {
            end = endOffsets.of(List.of(config.topics().batchStatus(), config.topics().jobs(),
                    config.topics().results(), config.topics().deadLetters()), TIMEOUT);
        } catch (RuntimeException e) {
            throw new NotCurrentException("the broker did not say where the topics end: " + e.getMessage(), e);
        }
        for (TopicFollower follower : List.of(registry.follower(), progress.follower(), deadLetters.follower())) {
            try {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (follower == null || !follower.awaitApplied(end, left)) {
                    throw new NotCurrentException("not yet read " + (follower == null ? "the topics"
                            : String.join(", ", follower.topics())) + " to where they ended at the request");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotCurrentException("interrupted", e);
            }
        }
    }

    /** The answer would rest on state older than the request. */
    public static final class NotCurrentException extends RuntimeException {
        NotCurrentException(String message) {
            super(message);
        }

        NotCurrentException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
