package io.nightshift.worker.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Who may run beside whom. A suspect (a job that was in flight when a worker died) runs alone: it starts only once
 * nothing else runs, and nothing starts while it runs, so that a death during its run can only be its own. Other
 * jobs run side by side as usual. First come, first served: a job behind a waiting suspect waits too, so suspects are
 * not starved by a stream of ordinary jobs. Waiting jobs hold no frame and have no in-flight marker yet.
 */
final class Isolation {

    private record Waiter(boolean suspect, CompletableFuture<Void> admitted) {
    }

    private final Deque<Waiter> waiting = new ArrayDeque<>();
    private int running;
    private boolean alone;

    /** Completes when the job may start; {@link #release} must follow once it is admitted. */
    CompletableFuture<Void> admit(boolean suspect) {
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        synchronized (this) {
            waiting.addLast(new Waiter(suspect, admitted));
        }
        drain();
        return admitted;
    }

    /** The job admitted with {@code suspect} has finished (or was abandoned). */
    void release(boolean suspect) {
        synchronized (this) {
            running--;
            if (suspect) {
                alone = false;
            }
        }
        drain();
    }

    /** Jobs taken and waiting for their turn (a suspect's, or behind one). */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Fails every waiting job (shutdown). */
    void abandonWaiting(RuntimeException abandoned) {
        List<Waiter> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(waiting);
            waiting.clear();
        }
        dropped.forEach(w -> w.admitted().completeExceptionally(abandoned));
    }

    private void drain() {
        List<Waiter> admitted = new ArrayList<>();
        synchronized (this) {
            while (!waiting.isEmpty() && !alone) {
                Waiter head = waiting.peekFirst();
                if (head.suspect()) {
                    if (running > 0) {
                        break;
                    }
                    alone = true;
                }
                waiting.pollFirst();
                running++;
                admitted.add(head);
            }
        }
        // completed outside the lock: the job's next stage may run on this thread
        admitted.forEach(w -> w.admitted().complete(null));
    }
}
