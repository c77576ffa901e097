package io.nightshift.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.nightshift.chaos.faults.BucketEvents;
import io.nightshift.chaos.faults.FaultInjector;
import io.nightshift.chaos.faults.FaultRecord;
import io.nightshift.chaos.faults.InFlightMarkers;
import io.nightshift.chaos.faults.ModelSetFaults;
import io.nightshift.chaos.fleet.ServiceJvm;
import io.nightshift.chaos.fleet.WorkerFleet;
import io.nightshift.chaos.inputs.BadInput;
import io.nightshift.chaos.inputs.BadInputs;
import io.nightshift.chaos.inputs.GoodFrames;
import io.nightshift.chaos.inputs.GoodInput;
import io.nightshift.chaos.proxy.FaultMode;
import io.nightshift.chaos.proxy.FaultProxy;
import io.nightshift.chaos.verdict.ChaosVerdict;
import io.nightshift.chaos.verdict.Observations;
import io.nightshift.chaos.verdict.Verdict;
import io.nightshift.chaos.verdict.VerdictReader;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./nightshift chaos}: a stack of its own on free ports, the packaged dispatcher, three packaged workers in
 * one group behind a fault proxy in front of S3, a batch of good and bad inputs, the faults one after another while
 * the batch runs, then the verdict read from outside and one JSON line.
 */
public final class ChaosRun {
    static final String RAW = "nightshift-raw";
    static final String RESULTS = "nightshift-results";
    static final String STATE = "nightshift-worker-state";
    static final String IN = "chaos/in/";
    static final String OUT = "chaos/out/";
    /** Objects created while the broker is down, announced by bucket notifications (not listed by the batch). */
    static final String EVENTS = "chaos/events/";
    static final int EVENT_FRAMES = 4;
    /** A second batch's prefix: RAW files among many other objects, listed while the dispatcher is killed. */
    static final String LISTING = "chaos/listing/";
    static final int LISTING_FRAMES = 8;
    static final int LISTING_FILLER = 2000;
    static final String WORKER_GROUP = "nightshift-workers";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChaosSettings settings;
    private final PrintStream progress;
    private final Path runDir;
    private final List<ServiceJvm> services = new ArrayList<>();
    private volatile ServiceJvm dispatcher;

    ChaosRun(ChaosSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
        this.runDir = settings.home().resolve(".nightshift/chaos")
                .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("nightshift.home", ".")).toAbsolutePath().normalize();
        ChaosSettings settings;
        try {
            settings = ChaosSettings.parse(home, args);
        } catch (IllegalArgumentException e) {
            System.err.println("nightshift chaos: " + e.getMessage());
            System.exit(2);
            return;
        }
        ObjectNode result = new ChaosRun(settings, System.err).run();
        System.out.println(JSON.writeValueAsString(result));
        System.exit(result.path("pass").asBoolean() ? 0 : 1);
    }

    private void say(String line) {
        progress.println("chaos: " + line);
        progress.flush();
    }

    ObjectNode run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(runDir);
        StackConfig config = new StackConfig(runDir.resolve("stack"), StackConfig.freePort(), StackConfig.freePort(),
                StackConfig.freePort(), "nightshift-chaos", "nightshift-chaos-secret", StackConfig.DEFAULT_BUCKETS,
                true);
        say("run folder " + runDir + " (logs of every process under it)");
        say("making " + settings.darkFrames() + " dark frames of every CFA layout and the bad inputs");
        List<GoodInput> good = GoodFrames.make(settings.samples(), IN, settings.darkFrames(), 18);
        List<BadInput> badObjects = BadInputs.objects(settings.samples(), IN + "bad/");
        List<GoodInput> eventInputs = GoodFrames.dark(settings.samples(), EVENTS, EVENT_FRAMES, 81);
        List<GoodInput> listingInputs = new ArrayList<>();
        List<GoodInput> listingFrames = GoodFrames.dark(settings.samples(), "", LISTING_FRAMES, 99);
        for (int i = 0; i < LISTING_FRAMES; i++) {
            GoodInput frame = listingFrames.get(i);
            listingInputs.add(new GoodInput(String.format(java.util.Locale.ROOT, "%sf-%04d-%s", LISTING,
                    (i + 1) * LISTING_FILLER / (LISTING_FRAMES + 1), frame.key()), frame.bytes(), frame.width(),
                    frame.height(), frame.layout()));
        }
        say("starting the stack: Kafka " + config.bootstrapServers() + ", S3 " + config.s3Endpoint());
        List<FaultRecord> faults;
        ChaosVerdict verdict;
        Map<String, Integer> deadLetterSizes;
        List<String> deaths;
        double batchSeconds;
        List<ServiceJvm> workerProcesses;
        int topUps;
        try (LocalStack stack = LocalStack.start(StackHome.locate(), config);
             FaultProxy proxy = FaultProxy.start(config.s3Port());
             MinioClient s3 = MinioClient.builder().endpoint(config.s3Endpoint())
                     .credentials(config.accessKey(), config.secretKey()).build()) {
            for (GoodInput input : good) {
                put(s3, RAW, input.key(), input.bytes());
            }
            for (BadInput input : badObjects) {
                put(s3, RAW, input.key(), input.bytes());
            }
            say("put " + good.size() + " good and " + badObjects.size() + " bad objects under s3://" + RAW + "/" + IN);
            for (GoodInput input : listingInputs) {
                put(s3, RAW, input.key(), input.bytes());
            }
            java.util.stream.IntStream.range(0, LISTING_FILLER).parallel().forEach(i -> {
                try {
                    put(s3, RAW, String.format(java.util.Locale.ROOT, "%sf-%04d.txt", LISTING, i), new byte[] {'x'});
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            say("put " + listingInputs.size() + " good RAW files among " + LISTING_FILLER + " other objects under s3://"
                    + RAW + "/" + LISTING);
            FaultProxy dispatcherProxy = FaultProxy.start(config.s3Port());
            dispatcher = startDispatcher(config, dispatcherProxy);
            try (WorkerFleet fleet = new WorkerFleet(jar("worker"), workerProperties(config, proxy), runDir.resolve("logs"),
                    this::say)) {
                for (int i = 0; i < settings.workers(); i++) {
                    fleet.add();
                }
                awaitReady(dispatcher, Duration.ofMinutes(3));
                fleet.awaitReady(Duration.ofMinutes(4));
                say(settings.workers() + " workers and the dispatcher ready after "
                        + Math.round((System.nanoTime() - started) / 1e9) + " s");

                Instant dispatched = Instant.now();
                String batchId = dispatch(dispatcher, IN, OUT, "chaos-" + runDir.getFileName());
                Map<String, ErrorClass> bad = new LinkedHashMap<>();
                sendBadRecords(config, s3, batchId, bad);
                awaitSealed(dispatcher, batchId, good.size() + badObjects.size());
                VerdictReader reader = new VerdictReader(config.bootstrapServers());
                Map<String, String> jobOfKey = new java.util.concurrent.ConcurrentHashMap<>();
                for (Job job : reader.jobs(Topic.JOBS.topicName())) {
                    jobOfKey.put(job.source().key(), job.jobId());
                    jobOfKey.put(job.output().key(), job.jobId());
                    badObjects.stream().filter(b -> b.key().equals(job.source().key()))
                            .forEach(b -> bad.put(job.jobId(), b.expected()));
                }
                say("batch " + batchId + " sealed: " + jobOfKey.size() / 2 + " jobs on the topic, "
                        + (bad.size() - badObjects.size()) + " bad records sent beside them");

                InFlightMarkers markers = new InFlightMarkers(s3, STATE);
                Backlog backlog = new Backlog(s3, reader, settings.samples(),
                        (prefix, outputPrefix, requestId, objects) -> awaitSealed(dispatcher,
                                dispatch(dispatcher, prefix, outputPrefix, requestId), objects),
                        jobOfKey, settings.topUpBelow(), settings.topUpFrames(), this::say);
                FaultInjector inject = new FaultInjector(fleet, proxy, stack, markers,
                        key -> Optional.ofNullable(jobOfKey.get(stripPreview(key))), dispatched, backlog, this::say);
                inject.add(killDispatcherWhileListing(config, dispatcherProxy, inject, listingInputs.size()));
                inject.killDuring("download", "GET", RAW);
                inject.killDuring("infer", null, null);
                inject.killDuring("upload", "PUT", RESULTS);
                ModelSetFaults models = new ModelSetFaults(s3, config.bootstrapServers(),
                        settings.home().resolve("models/default"), runDir);
                String previous = defaultSetVersion();
                String swap = "chaos-swap-" + runDir.getFileName();
                inject.modelSet("a new model set announced mid-batch", swap, previous, true,
                        () -> models.announceCopy(swap), "/q/metrics",
                        "nightshift_worker_model_set_info\\{version=\"" + swap + "\"\\}");
                inject.store(FaultMode.REFUSE, settings.storeFault());
                inject.store(FaultMode.UNAVAILABLE, settings.storeFault());
                inject.store(FaultMode.STALL, settings.storeFault());
                inject.store(FaultMode.FORBIDDEN, settings.storeFault());
                String mismatched = "chaos-mismatched-" + runDir.getFileName();
                inject.modelSet("a model set whose files do not match their checksums", mismatched, swap, false,
                        () -> models.announceMismatched(mismatched), "/q/health/ready", "lastModelSetRefused");
                String unsafe = "chaos-unsafe-" + runDir.getFileName();
                inject.modelSet("a model-set announcement with an unsafe key", unsafe, swap, false,
                        () -> models.announceUnsafeKey(unsafe), "/q/metrics",
                        "nightshift_worker_model_set_announcements_skipped_total(\\{[^}]*\\})? [1-9]");
                try (BucketEvents events = new BucketEvents(config.bootstrapServers(), Duration.ofMinutes(3))) {
                    inject.brokerDown(settings.brokerDown(), events, eventInputs, (key, bytes) -> {
                        try {
                            put(s3, RAW, key, bytes);
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot write " + key + ": " + e, e);
                        }
                    });
                }

                awaitJobsFor(reader, eventInputs);
                awaitCommitted(reader, fleet);
                batchSeconds = Duration.between(dispatched, Instant.now()).toMillis() / 1000.0;
                say("every job committed " + Math.round(batchSeconds) + " s after the dispatch; reading the verdict");
                List<JobResult> results = reader.results(Topic.RESULTS.topicName());
                inject.judgeModelSets(results);
                inject.judgeLateWorker(results.stream().map(JobResult::workerId).collect(Collectors.toSet()));
                faults = inject.records();
                Map<String, Observations.Size> expected = new LinkedHashMap<>();
                good.forEach(g -> expected.put(g.key(), new Observations.Size(g.width(), g.height())));
                eventInputs.forEach(g -> expected.put(g.key(), new Observations.Size(g.width(), g.height())));
                listingInputs.forEach(g -> expected.put(g.key(), new Observations.Size(g.width(), g.height())));
                backlog.added().forEach(g -> expected.put(g.key(), new Observations.Size(g.width(), g.height())));
                topUps = backlog.topUps();
                Observations seen = new Observations(expected, bad, reader.jobs(Topic.JOBS.topicName()), results,
                        reader.deadLetters(Topic.DEAD_LETTERS.topicName()), VerdictReader.outputs(s3, RESULTS, OUT),
                        reader.offsets(WORKER_GROUP, Topic.JOBS.topicName()));
                verdict = Verdict.judge(seen);
                deadLetterSizes = reader.deadLetterSizes(Topic.DEAD_LETTERS.topicName());
                deaths = fleet.deaths();
                workerProcesses = fleet.everStarted();
            } finally {
                dispatcher.close();
                dispatcherProxy.close();
            }
        }
        int left = processesLeft();
        double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
        verdict.problems().forEach(p -> say("problem: " + p));
        return report(verdict, faults, deaths, deadLetterSizes, left, batchSeconds, seconds, workerProcesses.size(),
                topUps);
    }

    private ObjectNode report(ChaosVerdict verdict, List<FaultRecord> faults, List<String> deaths,
                              Map<String, Integer> deadLetterSizes, int processesLeft, double batchSeconds,
                              double seconds, int workerProcesses, int topUps) {
        boolean faultsEvidenced = faults.stream().allMatch(FaultRecord::evidenced);
        boolean pass = verdict.clean(ChaosSettings.ATTEMPT_BOUND) && faultsEvidenced && processesLeft == 0;
        ObjectNode out = JSON.createObjectNode();
        out.put("jobs", verdict.jobs());
        out.put("good_jobs", verdict.goodJobs());
        out.put("outputs_ok", verdict.outputsOk());
        out.put("lost", verdict.lost());
        out.put("duplicates", verdict.duplicates());
        out.put("good_dead_lettered", verdict.goodDeadLettered());
        out.put("bad_inputs", verdict.badInputs());
        out.put("bad_dead_lettered_correctly", verdict.badDeadLetteredCorrectly());
        out.put("stray_objects", verdict.strayObjects());
        out.put("unexpected_keys", verdict.strayObjects());
        out.put("offsets_at_end", verdict.offsetsAtEnd());
        out.put("max_attempts", verdict.maxAttempts());
        out.put("attempt_bound", ChaosSettings.ATTEMPT_BOUND);
        out.put("duplicate_results", verdict.duplicateResults());
        out.put("near_limit_dead_letter_bytes", deadLetterSizes.getOrDefault("chaos-near-limit", -1));
        ArrayNode faultArray = out.putArray("faults");
        for (FaultRecord fault : faults) {
            ObjectNode f = faultArray.addObject();
            f.put("name", fault.name());
            f.put("at_s", fault.atSeconds());
            f.put("seconds", fault.seconds());
            f.put("evidenced", fault.evidenced());
            fault.evidence().forEach(f.putArray("evidence")::add);
        }
        out.put("faults_evidenced", faults.stream().filter(FaultRecord::evidenced).count());
        deaths.forEach(out.putArray("worker_deaths")::add);
        out.put("worker_processes", workerProcesses);
        out.put("batches_added", topUps);
        out.put("processes_left", processesLeft);
        out.put("batch_seconds", batchSeconds);
        out.put("seconds", seconds);
        out.put("pass", pass);
        return out;
    }

    private Map<String, String> workerProperties(StackConfig config, FaultProxy proxy) {
        Map<String, String> p = new LinkedHashMap<>(config.serviceProperties());
        p.put("nightshift.storage.endpoint", proxy.endpoint());
        p.put("nightshift.storage.timeout", "5s");
        p.put("quarkus.http.host", "127.0.0.1");
        p.put("nightshift.home", settings.home().toString());
        p.put("nightshift.chaos.run", runDir.toString());
        p.put("nightshift.worker.models.default-set", settings.home().resolve("models/default").toString());
        p.put("nightshift.worker.engine.threads", "1");
        p.put("nightshift.worker.retry.initial-backoff", "200ms");
        p.put("nightshift.worker.retry.max-backoff", "2s");
        p.put("nightshift.worker.shutdown-grace", "5s");
        p.put("nightshift.worker.test-hooks.native-crash", "true");
        // a killed worker's partitions move after the session timeout: the broker's minimum, so a run takes minutes
        p.put("nightshift.worker.kafka.client.\"session.timeout.ms\"", "6000");
        p.put("nightshift.worker.kafka.client.\"heartbeat.interval.ms\"", "1000");
        return p;
    }

    private ServiceJvm startDispatcher(StackConfig config, FaultProxy proxy) {
        Map<String, String> p = new LinkedHashMap<>();
        int port = StackConfig.freePort();
        p.put("quarkus.http.port", Integer.toString(port));
        p.put("quarkus.http.host", "127.0.0.1");
        p.put("nightshift.home", settings.home().toString());
        p.put("nightshift.chaos.run", runDir.toString());
        p.put("nightshift.dispatcher.notifications.output-prefix", OUT + "events/");
        p.put("nightshift.dispatcher.notifications.format", "jpeg");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers());
        env.put("NIGHTSHIFT_S3_ENDPOINT", proxy.endpoint());
        env.put("NIGHTSHIFT_S3_ACCESS_KEY", config.accessKey());
        env.put("NIGHTSHIFT_S3_SECRET_KEY", config.secretKey());
        ServiceJvm dispatcher = ServiceJvm.start("dispatcher", jar("dispatcher"), List.of("-Xmx256m", "-XX:+UseSerialGC"),
                p, env, runDir.resolve("logs/dispatcher.log"));
        services.add(dispatcher);
        return dispatcher;
    }

    /**
     * SIGKILL of the dispatcher while it lists a second batch's prefix: the proxy in front of its store holds each
     * listing page 3 s, so the kill lands between pages with jobs of the first page published; a new dispatcher
     * process then resumes the batch from its checkpoints. The verdict judges its RAW files with the good ones.
     */
    private FaultRecord killDispatcherWhileListing(StackConfig config, FaultProxy dispatcherProxy,
                                                   FaultInjector inject, int rawFiles) throws Exception {
        dispatcherProxy.slowListing(RAW, Duration.ofSeconds(3));
        String name = "dispatcher killed -9 while listing a prefix";
        String batchId = dispatch(dispatcher, LISTING, OUT + "listing/", "chaos-listing-" + runDir.getFileName());
        double at = inject.since();
        String state = "";
        int published = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String body = dispatcher.get("/api/batches/" + batchId);
            if (body != null) {
                state = JSON.readTree(body).path("state").asText();
                published = JSON.readTree(body).path("published").asInt();
                if (!"LISTING".equals(state) || published > 0) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        Instant killed = Instant.now();
        at = inject.since();
        dispatcher.kill();
        say(name + ": killed in state " + state + " with " + published + " of " + rawFiles + " jobs published");
        Thread.sleep(3500); // the held listing page ends: the proxy records it cut
        long cut = dispatcherProxy.exchanges().stream().filter(e -> e.key().isEmpty() && e.method().equals("GET")
                && e.outcome() == io.nightshift.chaos.proxy.Exchange.Outcome.CLIENT_GONE
                && !e.at().isBefore(killed)).count();
        dispatcherProxy.fast();
        dispatcher = startDispatcher(config, dispatcherProxy);
        awaitReady(dispatcher, Duration.ofMinutes(3));
        int total = awaitSealed(dispatcher, batchId, rawFiles);
        boolean evidenced = "LISTING".equals(state) && published < rawFiles && total == rawFiles;
        return new FaultRecord(name, at, inject.since() - at, evidenced, List.of(
                "batch " + batchId + " was " + state + " with " + published + " of " + rawFiles
                        + " jobs acknowledged when SIGKILL landed",
                "listing requests of the dispatcher cut by its death: " + cut,
                "a new dispatcher process resumed it: sealed with " + total + " jobs"));
    }

    /** The committed default set's version (the one the first worker publishes on the fresh stack). */
    private String defaultSetVersion() throws IOException {
        return JSON.readTree(settings.home().resolve("models/default/manifest.json").toFile()).path("setVersion").asText();
    }

    private Path jar(String module) {
        return settings.home().resolve(module + "/target/quarkus-app/quarkus-run.jar");
    }

    private static void awaitReady(ServiceJvm service, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!service.ready()) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(service.name() + " did not become ready; see " + service.log());
            }
            Thread.sleep(500);
        }
    }

    private String dispatch(ServiceJvm dispatcher, String prefix, String outputPrefix, String requestId)
            throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("sourceBucket", RAW);
        body.put("sourcePrefix", prefix);
        body.put("outputBucket", RESULTS);
        body.put("outputPrefix", outputPrefix);
        body.put("format", "jpeg");
        body.put("requestId", requestId);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + dispatcher.port() + "/api/batches"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the dispatcher refused the batch: " + response.statusCode() + " "
                    + response.body());
        }
        String batchId = JSON.readTree(response.body()).path("batchId").asText();
        say("dispatched batch " + batchId + " of s3://" + RAW + "/" + prefix);
        return batchId;
    }

    private int awaitSealed(ServiceJvm dispatcher, String batchId, int objects) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            String body = dispatcher.get("/api/batches/" + batchId);
            if (body != null && "SEALED".equals(JSON.readTree(body).path("state").asText())) {
                int total = JSON.readTree(body).path("total").asInt();
                if (total != objects) {
                    say("batch sealed with " + total + " jobs for " + objects + " objects");
                }
                return total;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("batch " + batchId + " was not sealed within 2 minutes");
    }

    /** The bad records of the table that never pass through a listing, sent straight to the jobs topic. */
    private void sendBadRecords(StackConfig config, MinioClient s3, String batchId, Map<String, ErrorClass> bad)
            throws Exception {
        String deletedKey = "chaos/gone/deleted.NEF";
        put(s3, RAW, deletedKey, new byte[] {1, 2, 3});
        List<BadInput> records = BadInputs.records(batchId, RAW, deletedKey, RESULTS, OUT);
        s3.removeObject(RemoveObjectArgs.builder().bucket(RAW).object(deletedKey).build());
        Properties p = new Properties();
        p.put("bootstrap.servers", config.bootstrapServers());
        p.put("acks", "all");
        p.put("max.request.size", Integer.toString(2 * 1024 * 1024));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (BadInput input : records) {
                producer.send(new ProducerRecord<>(Topic.JOBS.topicName(), input.recordKey(), input.bytes()))
                        .get(30, TimeUnit.SECONDS);
                bad.put(input.recordKey(), input.expected());
            }
        }
    }

    /** Waits until the dispatcher has turned every notification into a job on the jobs topic (up to 3 minutes). */
    private void awaitJobsFor(VerdictReader reader, List<GoodInput> inputs) throws InterruptedException {
        Set<String> waiting = inputs.stream().map(GoodInput::key).collect(Collectors.toCollection(TreeSet::new));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            reader.jobs(Topic.JOBS.topicName()).forEach(job -> waiting.remove(job.source().key()));
            if (!waiting.isEmpty()) {
                Thread.sleep(2000);
            }
        }
        say(waiting.isEmpty() ? "every notification became a job" : "no job yet for " + waiting);
    }

    /** Waits until the workers' group has committed the end of every jobs partition (admin client, no quiet window). */
    private void awaitCommitted(VerdictReader reader, WorkerFleet fleet) throws InterruptedException {
        long deadline = System.nanoTime() + settings.finishWithin().toNanos();
        long lastSaid = 0;
        while (System.nanoTime() < deadline) {
            Map<Integer, Observations.PartitionOffsets> offsets = reader.offsets(WORKER_GROUP, Topic.JOBS.topicName());
            long behind = offsets.values().stream().mapToLong(o -> Math.max(0, o.end() - o.committed())).sum();
            if (behind == 0) {
                return;
            }
            if (System.nanoTime() - lastSaid > TimeUnit.SECONDS.toNanos(20)) {
                say(behind + " jobs not yet committed (" + fleet.deaths().size() + " worker deaths so far)");
                lastSaid = System.nanoTime();
            }
            Thread.sleep(2000);
        }
        say("the workers did not commit every job within " + settings.finishWithin().toMinutes() + " min");
    }

    private int processesLeft() {
        String marker = runDir.toString();
        long count = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do {
            count = ProcessHandle.allProcesses().filter(h -> h.pid() != ProcessHandle.current().pid())
                    .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).count();
            if (count == 0) {
                return 0;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        say(count + " process(es) of the run still alive");
        return (int) count;
    }

    private static String stripPreview(String key) {
        for (String suffix : Verdict.PREVIEWS) {
            if (key.endsWith(suffix)) {
                return key.substring(0, key.length() - suffix.length());
            }
        }
        return key;
    }

    private static void put(MinioClient s3, String bucket, String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
    }
}
