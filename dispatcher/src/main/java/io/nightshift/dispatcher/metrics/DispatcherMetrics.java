package io.nightshift.dispatcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nightshift.dispatcher.batch.BatchRegistry;
import io.nightshift.dispatcher.batch.BatchState;
import io.nightshift.dispatcher.progress.Progress;
import io.quarkus.runtime.StartupEvent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The dispatcher's own meters on {@code /q/metrics} (Prometheus names):
 * {@code nightshift_dispatcher_jobs_published_total} (job records the broker acknowledged; a job republished
 * across a crash or by a redelivered notification counts again, a retry counts once more),
 * {@code nightshift_dispatcher_batches{state}} (batches known, by state) and
 * {@code nightshift_dispatcher_results_lag} (result events not yet applied to progress).
 */
@ApplicationScoped
public class DispatcherMetrics {
    @Inject
    MeterRegistry meters;

    @Inject
    BatchRegistry batches;

    @Inject
    Progress progress;

    private volatile Counter published;

    void onStart(@Observes StartupEvent event) {
        counter();
        for (BatchState state : BatchState.values()) {
            Gauge.builder("nightshift.dispatcher.batches", batches,
                            registry -> registry.all().stream().filter(b -> b.state() == state).count())
                    .description("Batches known to the dispatcher, by state")
                    .tag("state", state.name())
                    .register(meters);
        }
        Gauge.builder("nightshift.dispatcher.results.lag", progress, Progress::resultsLag)
                .description("Result events on the results topic not yet applied to progress (NaN until known)")
                .register(meters);
    }

    /** Counts one job record acknowledged by the broker (producer I/O thread). */
    public void jobPublished() {
        counter().increment();
    }

    private Counter counter() {
        Counter c = published;
        if (c == null) {
            c = Counter.builder("nightshift.dispatcher.jobs.published")
                    .description("Job records acknowledged by the broker (republished and retried jobs count again)")
                    .register(meters);
            published = c;
        }
        return c;
    }
}
