package io.nightshift.chaos.faults;

import io.nightshift.chaos.fleet.ServiceJvm;
import io.nightshift.chaos.fleet.WorkerFleet;
import io.nightshift.chaos.proxy.Exchange;
import io.nightshift.chaos.proxy.FaultMode;
import io.nightshift.chaos.proxy.FaultProxy;
import io.nightshift.stack.LocalStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Injects the run's faults from outside the processes — SIGKILL of a worker caught in a stage, the broker's process
 * stopped and started, the fault proxy's refusals, errors and stalls — and records for each the evidence that it hit
 * work in flight: the jobs whose transfers were cut, what a worker's {@code nightshift_worker_stage_running} gauge
 * showed just before it was killed, the jobs its in-flight markers named.
 */
public final class FaultInjector {
    private static final Duration CATCH_TIMEOUT = Duration.ofSeconds(90);

    private final WorkerFleet fleet;
    private final FaultProxy proxy;
    private final LocalStack stack;
    private final InFlightMarkers markers;
    private final Function<String, Optional<String>> jobOfKey;
    private final Instant start;
    private final Consumer<String> say;
    private final WorkSupply supply;
    private final List<FaultRecord> records = new ArrayList<>();

    /** Puts more jobs on the topic when few are left, so that a fault about to start meets work in flight. */
    public interface WorkSupply {
        void keepBusy() throws Exception;

        /**
         * Puts more jobs on the topic whatever the count: a fault found no work to hit although jobs are uncommitted
         * (committed offsets wait behind a job being redelivered or retried, so the count overstates what is left).
         */
        void addWork() throws Exception;
    }

    /** How long a fault waits for work before it asks for more ({@link WorkSupply#addWork}), once. */
    private static final Duration STARVED = Duration.ofSeconds(20);

    /**
     * @param jobOfKey the job id owning an object key (source or output), from the jobs topic
     * @param start    the instant fault times count from
     * @param supply   asked before each fault to keep jobs waiting
     */
    public FaultInjector(WorkerFleet fleet, FaultProxy proxy, LocalStack stack, InFlightMarkers markers,
                         Function<String, Optional<String>> jobOfKey, Instant start, WorkSupply supply,
                         Consumer<String> say) {
        this.fleet = fleet;
        this.proxy = proxy;
        this.stack = stack;
        this.markers = markers;
        this.jobOfKey = jobOfKey;
        this.start = start;
        this.supply = supply;
        this.say = say;
    }

    /** A fault recorded by the run itself. */
    public void add(FaultRecord record) {
        records.add(record);
    }

    /** Seconds since the dispatch. */
    public double since() {
        return Math.round(Duration.between(start, Instant.now()).toMillis() / 100.0) / 10.0;
    }

    public List<FaultRecord> records() {
        return List.copyOf(records);
    }

    /**
     * SIGKILL of a worker while its {@code stage} runs (gauge ≥ 1 read just before the kill). For a transfer stage
     * ({@code download}, {@code upload}) the proxy holds those requests a few seconds so the transfer is open when the
     * signal lands, and the evidence names the jobs whose {@code method} was cut by the death.
     */
    public void killDuring(String stage, String method, String bucket) {
        String name = "kill -9 of a worker during " + stage;
        keepBusy();
        double at = since();
        if (method != null) {
            proxy.slow(method, bucket, Duration.ofSeconds(4));
        }
        List<String> evidence = new ArrayList<>();
        boolean evidenced = false;
        try {
            long begun = System.nanoTime();
            long deadline = begun + CATCH_TIMEOUT.toNanos();
            boolean added = false;
            String series = "nightshift_worker_stage_running{stage=\"" + stage + "\"}";
            while (System.nanoTime() < deadline) {
                if (!added && System.nanoTime() - begun > STARVED.toNanos()) {
                    added = true;
                    addWork("no worker in " + stage + " for " + STARVED.toSeconds() + " s");
                }
                for (WorkerFleet.Slot slot : fleet.slots()) {
                    ServiceJvm worker = slot.process();
                    String workerId = slot.workerId();
                    Optional<Double> running = WorkerFleet.gauge(worker, series);
                    if (running.isEmpty() || running.get() < 1) {
                        continue;
                    }
                    Map<String, Set<String>> held = markers.now();
                    if (markers.wouldChargeTwice(held, workerId)) {
                        continue;
                    }
                    if (method != null && !transferOpen(method, bucket, markers.heldBy(held, workerId))) {
                        continue; // the stage runs, but not the held transfer (e.g. the result being published)
                    }
                    Instant killedAt = Instant.now();
                    fleet.kill(slot);
                    at = since();
                    evidence.add(series + " was " + running.get() + " on " + workerId + " (pid " + worker.pid()
                            + ") just before the kill");
                    Set<String> inFlight = markers.heldBy(held, workerId);
                    evidence.add("jobs in flight on " + workerId + " (in-flight markers): " + inFlight);
                    evidenced = !inFlight.isEmpty();
                    if (method != null) {
                        sleep(5500); // the held request ends after the hold (4 s): then the proxy records it
                        Set<String> cut = jobsWith(killedAt.minusSeconds(1), method, bucket,
                                Set.of(Exchange.Outcome.CLIENT_GONE));
                        evidence.add("jobs whose " + method + " was cut by the death: " + cut);
                        if (cut.isEmpty()) {
                            evidence.add("requests of its jobs since: " + proxy.exchanges().stream()
                                    .filter(e -> !e.at().isBefore(killedAt.minusSeconds(1)))
                                    .filter(e -> jobOfKey.apply(e.key()).map(inFlight::contains).orElse(false))
                                    .map(e -> e.method() + " " + e.key() + " " + e.outcome()).toList());
                        }
                        evidenced = evidenced && !cut.isEmpty();
                    }
                    say.accept(name + ": killed " + workerId + (evidenced ? "" : " (evidence incomplete)"));
                    return;
                }
                sleep(50);
            }
            evidence.add("no worker was seen in " + stage + " within " + CATCH_TIMEOUT.toSeconds() + " s");
            say.accept(name + ": no worker caught in " + stage);
        } finally {
            proxy.fast();
            records.add(new FaultRecord(name, at, 0, evidenced, evidence));
        }
    }

    /** The store behind the proxy fails the workers in {@code mode} for {@code duration}. */
    public void store(FaultMode mode, Duration duration) {
        String name = switch (mode) {
            case REFUSE -> "S3 refusing connections";
            case UNAVAILABLE -> "S3 answering 503";
            case FORBIDDEN -> "S3 answering 403";
            case STALL -> "S3 stalling (accepted, never answered)";
            case PASS -> throw new IllegalArgumentException("PASS is no fault");
        };
        Set<String> inFlight = awaitWorkInFlight();
        Instant began = Instant.now();
        double at = since();
        proxy.mode(mode);
        say.accept(name + " for " + duration.toSeconds() + " s (" + inFlight.size() + " jobs in flight)");
        boolean held = false;
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            for (WorkerFleet.Slot slot : fleet.slots()) {
                held |= WorkerFleet.gauge(slot.process(), "nightshift_worker_environment_down").orElse(0.0) >= 1;
            }
            sleep(500);
        }
        proxy.mode(FaultMode.PASS);
        double seconds = since() - at;
        List<Exchange> during = proxy.exchanges().stream().filter(e -> !e.at().isBefore(began)).toList();
        Set<Exchange.Outcome> faulted = switch (mode) {
            case UNAVAILABLE -> Set.of(Exchange.Outcome.UNAVAILABLE);
            case FORBIDDEN -> Set.of(Exchange.Outcome.FORBIDDEN);
            case STALL -> Set.of(Exchange.Outcome.STALLED, Exchange.Outcome.CUT);
            default -> Set.of(Exchange.Outcome.CUT);
        };
        long hits = during.stream().filter(e -> faulted.contains(e.outcome())).count();
        Set<String> jobsHit = jobsWith(began, null, null, faulted);
        List<String> evidence = new ArrayList<>();
        evidence.add("jobs in flight when it began (in-flight markers): " + inFlight.size() + " " + first(inFlight));
        evidence.add("requests " + (mode == FaultMode.REFUSE ? "cut" : faulted.toString().toLowerCase())
                + " by the proxy: " + hits + ", of jobs' objects: " + jobsHit);
        evidence.add("a worker's nightshift_worker_environment_down was 1 during it: " + held);
        boolean evidenced = !inFlight.isEmpty() && held && (mode == FaultMode.REFUSE || hits > 0);
        records.add(new FaultRecord(name, at, seconds, evidenced, evidence));
    }

    /**
     * The broker's process stopped (SIGTERM) for {@code down} with jobs in flight, and started again on its data;
     * while it is down a new worker is started ({@code newWorker}), whose later partitions are its evidence.
     */
    public WorkerFleet.Slot brokerDown(Duration down, BucketEvents events, List<io.nightshift.chaos.inputs.GoodInput> created,
                                       ObjectWriter store) {
        Set<String> held = awaitWorkInFlight();
        double at = since();
        stack.stopBroker();
        say.accept("broker stopped (" + held.size() + " jobs in flight); starting a worker while it is down");
        double workerAt = since();
        WorkerFleet.Slot late = fleet.add();
        sleep(2000);
        double eventsAt = since();
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (io.nightshift.chaos.inputs.GoodInput input : created) {
            store.put(input.key(), input.bytes());
            sent.add(events.created(ObjectWriter.BUCKET, input.key(), input.bytes().length));
        }
        say.accept(created.size() + " objects created and their bucket notifications sent while the broker is down");
        sleep(Math.max(0, down.toMillis() - 2000));
        long ackedWhileDown = sent.stream().filter(java.util.concurrent.Future::isDone).count();
        boolean wasDown = !stack.brokerAlive();
        stack.startBroker();
        long acked = 0;
        for (java.util.concurrent.Future<?> future : sent) {
            try {
                future.get(90, java.util.concurrent.TimeUnit.SECONDS);
                acked++;
            } catch (Exception e) {
                say.accept("a bucket notification was not delivered after the broker returned: " + e);
            }
        }
        records.add(new FaultRecord("bucket notifications arriving while the broker is down", eventsAt, 0,
                wasDown && !sent.isEmpty() && ackedWhileDown == 0 && acked == sent.size(),
                List.of("objects created while the broker was down, each with its notification: " + sent.size(),
                        "notifications acknowledged while it was down: " + ackedWhileDown + ", after it returned: "
                                + acked, "their jobs are judged with the good ones (one output each)")));
        double seconds = since() - at;
        say.accept("broker started again after " + Math.round(seconds) + " s");
        records.add(new FaultRecord("broker stopped and restarted mid-batch", at, seconds,
                wasDown && !held.isEmpty(), List.of("jobs in flight when it stopped (in-flight markers): "
                + held.size() + " " + first(held), "broker process down for the whole window: " + wasDown)));
        lateWorker = late;
        lateWorkerAt = workerAt;
        return late;
    }

    private WorkerFleet.Slot lateWorker;
    private double lateWorkerAt;

    /** A model-set fault whose verdict waits for the results: its name, time, version and evidence so far. */
    private record ModelFault(String name, double at, Instant announced, String version, String previous,
                              boolean sawEffect, List<String> evidence, boolean mustServe) {
    }

    private final List<ModelFault> modelFaults = new ArrayList<>();

    /**
     * A model-set fault: {@code announce} runs it; {@code effect} (a worker's health or metrics, polled up to 30 s)
     * shows the workers saw it. {@code mustServe}: the set must serve jobs afterwards (a good set) or never (a bad one).
     */
    public void modelSet(String name, String version, String previous, boolean mustServe, ThrowingRunnable announce,
                         String effectPath, String effectNeedle) throws Exception {
        Set<String> inFlight = awaitWorkInFlight();
        double at = since();
        Instant announced = Instant.now();
        announce.run();
        boolean effect = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!effect && System.nanoTime() < deadline) {
            for (WorkerFleet.Slot slot : fleet.slots()) {
                String body = slot.process().get(effectPath);
                effect |= body != null && java.util.regex.Pattern.compile(effectNeedle).matcher(body).find();
            }
            sleep(500);
        }
        List<String> evidence = new ArrayList<>();
        evidence.add("jobs in flight when it was announced (in-flight markers): " + inFlight.size() + " "
                + first(inFlight));
        evidence.add("a worker's " + effectPath + " showed " + effectNeedle + ": " + effect);
        say.accept(name + " (" + version + "): " + (effect ? "seen by the workers" : "not seen by any worker"));
        modelFaults.add(new ModelFault(name, at, announced, version, previous, effect && !inFlight.isEmpty(),
                evidence, mustServe));
    }

    /** Writes an object of the run straight to the store (not through the proxy). */
    @FunctionalInterface
    public interface ObjectWriter {
        String BUCKET = "nightshift-raw";

        void put(String key, byte[] bytes);
    }

    /** What announcing a model set does; may fail. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Judges the model-set faults on the results: a good set announced mid-batch served jobs, and jobs finished on the
     * set before it after the announcement (in flight across the swap); a bad set served nothing.
     */
    public void judgeModelSets(List<io.nightshift.protocol.JobResult> results) {
        for (ModelFault fault : modelFaults) {
            long onIt = results.stream().filter(r -> r.status() == io.nightshift.protocol.JobStatus.DONE
                    && fault.version().equals(r.modelSet())).count();
            long across = results.stream().filter(r -> r.status() == io.nightshift.protocol.JobStatus.DONE
                    && fault.previous().equals(r.modelSet()) && r.finishedAt() != null
                    && r.finishedAt().isAfter(fault.announced())).count();
            List<String> evidence = new ArrayList<>(fault.evidence());
            evidence.add("jobs done on " + fault.version() + ": " + onIt);
            boolean evidenced;
            if (fault.mustServe()) {
                evidence.add("jobs done on the set before (" + fault.previous() + ") after the announcement: " + across);
                evidenced = fault.sawEffect() && onIt > 0;
            } else {
                evidenced = fault.sawEffect() && onIt == 0;
            }
            records.add(new FaultRecord(fault.name(), fault.at(), 0, evidenced, evidence));
        }
    }

    /** Records the worker started while the broker was down once the run has seen it take work (or not). */
    public void judgeLateWorker(Set<String> workersWithResults) {
        if (lateWorker == null) {
            return;
        }
        boolean ready = lateWorker.process().isAlive() && lateWorker.process().ready();
        Optional<Double> partitions = WorkerFleet.gauge(lateWorker.process(), "nightshift_worker_partitions_assigned");
        String slotPrefix = lateWorker.workerId().substring(0, lateWorker.workerId().lastIndexOf('-') + 1);
        boolean worked = workersWithResults.stream().anyMatch(id -> id.startsWith(slotPrefix));
        // it joined the group and took work: results of its own, or (when the others had drained the topic first)
        // partitions of the jobs topic held at the end
        boolean joined = worked || partitions.orElse(0.0) >= 1;
        records.add(new FaultRecord("a worker started while the broker is down", lateWorkerAt, 0, ready && joined,
                List.of("started while the broker was stopped; ready at the end: " + ready,
                        "partitions held at the end: " + partitions.orElse(-1.0),
                        "published results of its own: " + worked)));
    }

    /** Whether the proxy holds a {@code method} request of {@code bucket} open now for one of {@code jobs}. */
    private boolean transferOpen(String method, String bucket, Set<String> jobs) {
        return proxy.inFlight().stream().anyMatch(r -> r.method().equals(method) && r.bucket().equals(bucket)
                && jobOfKey.apply(r.key()).map(jobs::contains).orElse(false));
    }

    /**
     * Waits (up to 60 s) until a live worker holds a job, so that the next fault meets work in flight (after kills
     * the successors may still be starting); the jobs held then.
     */
    private Set<String> awaitWorkInFlight() {
        keepBusy();
        long begun = System.nanoTime();
        long deadline = begun + Duration.ofSeconds(60).toNanos();
        boolean added = false;
        Set<String> held = heldByLiveWorkers();
        while (held.isEmpty() && System.nanoTime() < deadline) {
            if (!added && System.nanoTime() - begun > STARVED.toNanos()) {
                added = true;
                addWork("no job held by a live worker for " + STARVED.toSeconds() + " s");
            }
            sleep(200);
            held = heldByLiveWorkers();
        }
        return held;
    }

    /** The jobs the workers running now hold (markers of dead workers stay behind as their evidence: not these). */
    private Set<String> heldByLiveWorkers() {
        Map<String, Set<String>> all = markers.now();
        Set<String> jobs = new TreeSet<>();
        for (WorkerFleet.Slot slot : fleet.slots()) {
            if (slot.process().isAlive()) {
                jobs.addAll(markers.heldBy(all, slot.workerId()));
            }
        }
        return jobs;
    }

    private Set<String> jobsWith(Instant since, String method, String bucket, Set<Exchange.Outcome> outcomes) {
        Set<String> jobs = new TreeSet<>();
        for (Exchange e : proxy.exchanges()) {
            if (e.at().isBefore(since) || !outcomes.contains(e.outcome())) {
                continue;
            }
            if ((method == null || e.method().equals(method)) && (bucket == null || e.bucket().equals(bucket))) {
                jobOfKey.apply(e.key()).ifPresent(jobs::add);
            }
        }
        return jobs;
    }

    private void keepBusy() {
        try {
            supply.keepBusy();
        } catch (Exception e) {
            throw new IllegalStateException("could not add work before the next fault: " + e.getMessage(), e);
        }
    }

    private void addWork(String why) {
        say.accept(why + ": adding work");
        try {
            supply.addWork();
        } catch (Exception e) {
            throw new IllegalStateException("could not add work for a fault that found none: " + e.getMessage(), e);
        }
    }

    private static String first(Set<String> ids) {
        return ids.stream().limit(5).map(id -> id.length() > 12 ? id.substring(0, 12) + "…" : id).toList().toString();
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
