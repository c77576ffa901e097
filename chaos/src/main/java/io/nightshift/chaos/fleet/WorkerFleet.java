package io.nightshift.chaos.fleet;

import io.nightshift.stack.StackConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The chaos run's workers: packaged worker processes in one consumer group, each in a slot that is refilled when its
 * process dies (as Kubernetes restarts a pod), every process with a worker id of its own ({@code chaos-w2-3}: slot 2,
 * its third process), so that deaths are counted per process.
 */
public final class WorkerFleet implements AutoCloseable {
    private final Path jar;
    private final Map<String, String> baseProperties;
    private final Path logs;
    private final Consumer<String> say;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final List<String> deaths = new CopyOnWriteArrayList<>();
    private final List<ServiceJvm> everStarted = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "chaos-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closing;

    /** One worker's place in the fleet and its current process. */
    public final class Slot {
        private final int number;
        private int generation;
        private volatile ServiceJvm process;

        private Slot(int number) {
            this.number = number;
        }

        public ServiceJvm process() {
            return process;
        }

        public String workerId() {
            return "chaos-w" + number + "-" + generation;
        }

        private synchronized void startNext() {
            generation++;
            Map<String, String> properties = new LinkedHashMap<>(baseProperties);
            properties.put("quarkus.http.port", Integer.toString(StackConfig.freePort()));
            properties.put("nightshift.worker.id", workerId());
            process = ServiceJvm.start(workerId(), jar, List.of("-Xmx1g", "-XX:+UseSerialGC",
                            "-XX:+ExitOnOutOfMemoryError", "-XX:-CreateCoredumpOnCrash",
                            "-XX:ErrorFile=" + logs.resolve("hs_err_" + workerId() + ".log")),
                    properties, Map.of(), logs.resolve(workerId() + ".log"));
            everStarted.add(process);
        }
    }

    public WorkerFleet(Path jar, Map<String, String> baseProperties, Path logs, Consumer<String> say) {
        this.jar = jar;
        this.baseProperties = Map.copyOf(baseProperties);
        this.logs = logs;
        this.say = say;
        supervisor.scheduleWithFixedDelay(this::refill, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts one more worker in a slot of its own; returns at once (it joins the group when it has started). */
    public Slot add() {
        Slot slot = new Slot(slots.size() + 1);
        slot.startNext();
        slots.add(slot);
        return slot;
    }

    public List<Slot> slots() {
        return List.copyOf(slots);
    }

    /** Every worker process this fleet started, alive or not. */
    public List<ServiceJvm> everStarted() {
        return List.copyOf(everStarted);
    }

    /** The worker ids of processes that died (killed or by themselves), with their exit status. */
    public List<String> deaths() {
        return List.copyOf(deaths);
    }

    /** Waits until every slot's process answers ready. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> waiting = new ArrayList<>();
            for (Slot slot : slots) {
                if (!slot.process.ready()) {
                    waiting.add(slot.workerId());
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("workers not ready within " + timeout.toSeconds() + " s: " + waiting);
            }
            sleep(500);
        }
    }

    /** SIGKILL of a slot's process; the supervisor starts its successor. */
    public void kill(Slot slot) {
        slot.process.kill();
    }

    /** The value of a gauge line {@code name{stage="…"}} on a worker's metrics, or empty when it did not answer. */
    public static Optional<Double> gauge(ServiceJvm worker, String series) {
        String metrics = worker.get("/q/metrics");
        if (metrics == null) {
            return Optional.empty();
        }
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Optional.of(Double.parseDouble(line.substring(series.length() + 1).trim()));
            }
        }
        return Optional.of(0.0);
    }

    private void refill() {
        if (closing) {
            return;
        }
        for (Slot slot : slots) {
            ServiceJvm process = slot.process;
            if (!process.isAlive() && !closing) {
                deaths.add(slot.workerId() + " (exit " + process.exitValue() + ")");
                say.accept("worker " + slot.workerId() + " ended with status " + process.exitValue()
                        + "; starting its successor");
                slot.startNext();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Stops every worker gracefully (SIGKILL after the grace period); the supervisor restarts nothing after. */
    @Override
    public void close() {
        closing = true;
        supervisor.shutdownNow();
        slots.parallelStream().forEach(slot -> slot.process.stop(Duration.ofSeconds(20)));
        everStarted.forEach(ServiceJvm::kill);
    }
}
