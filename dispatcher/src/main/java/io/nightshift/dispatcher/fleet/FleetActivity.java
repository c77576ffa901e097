package io.nightshift.dispatcher.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the workers did lately, from their result events (the results topic the dispatcher follows anyway): per
 * worker its latest result and the model set that made it, and the results of the last {@link #WINDOW}, by the
 * time each result says it finished (so re-reading the topic at a restart gives the same figures). Memory is
 * bounded by the results of one window.
 */
@jakarta.enterprise.context.ApplicationScoped
public class FleetActivity {
    /** The window rates are measured over. */
    public static final Duration WINDOW = Duration.ofMinutes(10);

    /** One worker as its results show it. */
    public record WorkerActivity(String workerId, Instant lastResultAt, String modelSet, int resultsInWindow) {
    }

    private static final class Seen {
        Instant last = Instant.EPOCH;
        String modelSet;
        final Deque<Instant> recent = new ArrayDeque<>();
    }

    private final Map<String, Seen> workers = new HashMap<>();
    private final Deque<Instant> recent = new ArrayDeque<>();

    /** A result event: {@code modelSet} is null for a failure. */
    public synchronized void result(String workerId, Instant finishedAt, String modelSet) {
        if (workerId == null || finishedAt == null) {
            return;
        }
        Seen seen = workers.computeIfAbsent(workerId, id -> new Seen());
        if (finishedAt.isAfter(seen.last)) {
            seen.last = finishedAt;
            if (modelSet != null) {
                seen.modelSet = modelSet;
            }
        }
        Instant from = Instant.now().minus(WINDOW);
        if (finishedAt.isAfter(from)) {
            seen.recent.addLast(finishedAt);
            recent.addLast(finishedAt);
        }
        prune(from);
    }

    /** Workers with a result in the window, the latest first. */
    public synchronized List<WorkerActivity> workers() {
        Instant from = Instant.now().minus(WINDOW);
        prune(from);
        return workers.entrySet().stream()
                .filter(e -> e.getValue().last.isAfter(from))
                .map(e -> new WorkerActivity(e.getKey(), e.getValue().last, e.getValue().modelSet,
                        e.getValue().recent.size()))
                .sorted(Comparator.comparing(WorkerActivity::lastResultAt).reversed())
                .toList();
    }

    /** What a worker last did, when its latest result is in memory. */
    public synchronized WorkerActivity worker(String workerId) {
        Seen seen = workers.get(workerId);
        return seen == null ? null : new WorkerActivity(workerId, seen.last, seen.modelSet, seen.recent.size());
    }

    /** Results per minute over the window, all workers. */
    public synchronized double perMinute() {
        prune(Instant.now().minus(WINDOW));
        return recent.size() / (double) WINDOW.toMinutes();
    }

    /** Forgets everything (the results topic is read again from its start). */
    public synchronized void reset() {
        workers.clear();
        recent.clear();
    }

    private void prune(Instant from) {
        // results arrive roughly in time order; an out-of-order old one at the head is dropped once it is old
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(from)) {
            recent.pollFirst();
        }
        workers.values().removeIf(seen -> {
            while (!seen.recent.isEmpty() && !seen.recent.peekFirst().isAfter(from)) {
                seen.recent.pollFirst();
            }
            return seen.last.isBefore(from.minus(WINDOW)); // forgotten two windows after its last result
        });
    }
}
