package io.nightshift.dispatcher.health;

import io.nightshift.dispatcher.batch.BatchRegistry;
import io.nightshift.dispatcher.batch.Batches;
import io.nightshift.dispatcher.deadletters.DeadLetters;
import io.nightshift.dispatcher.progress.Progress;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Ready only once the batches, progress and the dead-letter index have read everything that was on their topics when the
 * dispatcher started: before that, counts would be too low, failures missing and retry-failed would act on part of
 * them, so a load balancer must not send requests yet.
 */
@Readiness
@ApplicationScoped
public class CaughtUpReadiness implements HealthCheck {
    @Inject
    Progress progress;

    @Inject
    DeadLetters deadLetters;

    @Inject
    BatchRegistry batches;

    @Inject
    Batches listing;

    @Override
    public HealthCheckResponse call() {
        boolean batchStatus = batches.caughtUp();
        boolean results = progress.caughtUp();
        boolean letters = deadLetters.caughtUp();
        return HealthCheckResponse.named("nightshift dispatcher caught up")
                .status(batchStatus && results && letters)
                .withData("batches", batchStatus ? "caught up" : "reading")
                .withData("jobs and results", results ? "caught up" : "reading")
                .withData("dead letters", letters ? "caught up" : "reading")
                .withData("lists batch-status partitions", listing.owned().toString())
                .build();
    }
}
