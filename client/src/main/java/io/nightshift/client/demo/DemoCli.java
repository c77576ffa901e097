package io.nightshift.client.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightshift.client.Options;
import io.nightshift.client.archive.KeyRule;
import io.nightshift.client.fleet.BatchFollower;
import io.nightshift.client.fleet.BatchSpec;
import io.nightshift.client.fleet.BatchStatus;
import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FailedJob;
import io.nightshift.client.fleet.FinishedJob;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.client.fleet.FleetException;
import io.nightshift.client.fleet.LocalFleet;
import io.nightshift.client.fleet.ProgressBar;
import io.nightshift.client.store.ObjectStore;
import io.nightshift.client.store.StoreException;
import io.nightshift.client.store.StoreLocation;
import io.nightshift.client.store.StoreObject;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.RawExtensions;
import io.nightshift.protocol.SourceMetadata;
import io.nightshift.stack.StackException;
import io.nightshift.stack.StackHome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./nightshift demo [--exit] [--small] [--out DIR]}: the main job in one command. Brings up the local fleet
 * (stack, one worker, the dispatcher; reusing what runs), puts the real samples and dark versions of them at known
 * ratios ({@link DemoSet}) into {@code nightshift-raw/demo/} with each true ratio as object metadata, dispatches them
 * as one batch, follows it, downloads the results into {@code demo-output/} with a before/after sheet and a
 * summary, and prints the page's URL, where each image is compared before and after with the estimated ratio beside
 * the true one. The services stay up until Ctrl-C; {@code --exit} stops what it started when done. The last line of
 * standard output is JSON: {@code images}, {@code done}, {@code failed}, {@code seconds} (dispatch to the last
 * result), {@code output_dir}, {@code page}. Exit 0 when every image is done, 3 when some failed, 1 when the fleet
 * could not be brought up, 2 on a usage error.
 */
public final class DemoCli {
    static final String USAGE = """
            usage: nightshift demo [--exit] [--small] [--out DIR]
              --exit    stop what the demo started once the results are in (default: keep it up until Ctrl-C)
              --small   one camera, as shot and at two ratios (three images), instead of nine
              --out     where results go (default: demo-output/ in the checkout)""";
    static final String PREFIX = "demo/";
    static final String RAW_BUCKET = "nightshift-raw";
    static final String RESULTS_BUCKET = "nightshift-results";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int SHEET_SIDE = 360;
    private static final Duration POLL = Duration.ofMillis(250);
    /** Nine small images take seconds: minutes without any job ending means the fleet is not working. */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(3);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    DemoCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new DemoCli(System.out, System.err, System.getenv()).run(args, true));
    }

    /** @param mayWait whether the services may stay up until Ctrl-C (false in tests: as if {@code --exit}) */
    int run(String[] args, boolean mayWait) {
        Options options;
        try {
            options = Options.parse(args, Set.of("out"), Set.of("exit", "small", "help"));
            if (options.has("help")) {
                out.println(USAGE);
                return 0;
            }
            if (!options.positional().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument '" + options.positional().get(0) + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        StackHome home = StackHome.locate();
        Path outDir = Path.of(options.get("out", home.root().resolve("demo-output").toString())).toAbsolutePath().normalize();
        boolean exit = options.has("exit") || !mayWait;
        LocalFleet fleet;
        try {
            fleet = LocalFleet.of(home, env, err);
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            return 2;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        // registered before anything starts, so that Ctrl-C at any moment stops what was started until then
        Thread hook = new Thread(() -> {
            stopping.set(true);
            err.println("demo: stopping what it started …");
            fleet.close();
            stopped.countDown();
        }, "nightshift-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean keptUp = false;
        try {
            err.println("making the demo set from " + home.shared().resolve("raw-samples") + " …");
            List<DemoImage> images = DemoSet.make(home.shared().resolve("raw-samples"),
                    options.has("small") ? DemoSet.SMALL : DemoSet.FULL);
            fleet.up();
            FleetAddress address = FleetAddress.of(fleet.stack(), null, fleet.dispatcher().toString(), env);
            int code;
            try (ObjectStore store = new ObjectStore(address)) {
                code = demo(images, store, new DispatcherClient(address), fleet, outDir);
            }
            if (!exit) {
                keptUp = true;
                err.println("the fleet stays up: open the page above; Ctrl-C stops what the demo started");
                stopped.await();
            }
            return code;
        } catch (FleetException | StoreException | StackException | IllegalStateException | IllegalArgumentException
                 | UncheckedIOException e) {
            if (!stopping.get()) { // while stopping, the services going away is expected, not an error
                err.println("demo: " + e.getMessage());
            }
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (!keptUp) {
                // --exit, or a failure of any kind: nothing the demo started stays behind
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: it closes the fleet
                }
                fleet.close();
            }
        }
    }

    private int demo(List<DemoImage> images, ObjectStore store, DispatcherClient dispatcher, LocalFleet fleet,
                     Path outDir) throws InterruptedException {
        // the demo folder holds exactly this set: the batch lists the folder
        for (StoreObject stale : store.list(new StoreLocation(RAW_BUCKET, PREFIX), true)) {
            store.remove(new StoreLocation(RAW_BUCKET, stale.key()));
        }
        for (DemoImage image : images) {
            store.put(image.file(), new StoreLocation(RAW_BUCKET, PREFIX + image.key()),
                    image.dark() ? OutputFormat.DNG.contentType() : "application/octet-stream",
                    Map.of(SourceMetadata.TRUE_RATIO, ratioText(image.trueRatio())));
        }
        err.printf(Locale.ROOT, "put %d images into s3://%s/%s (%d real samples, %d dark versions)%n", images.size(),
                RAW_BUCKET, PREFIX, images.stream().filter(i -> !i.dark()).count(),
                images.stream().filter(DemoImage::dark).count());

        long dispatched = System.nanoTime();
        BatchStatus submitted = dispatcher.submit(new BatchSpec(RAW_BUCKET, PREFIX, RESULTS_BUCKET, PREFIX,
                OutputFormat.JPEG.wireName(), null, RawExtensions.defaults(), "demo-" + Instant.now().toEpochMilli()));
        BatchStatus batch = new BatchFollower(dispatcher, ProgressBar.onConsole("demo"), POLL, STALL_LIMIT,
                fleet::requireAlive).follow(submitted, status -> { }).batch();
        double seconds = Math.round((System.nanoTime() - dispatched) / 1e8) / 10.0;

        Map<String, DemoImage> byKey = new LinkedHashMap<>();
        images.forEach(image -> byKey.put(PREFIX + image.key(), image));
        List<FinishedJob> finished = dispatcher.finished(batch.batchId());
        List<FailedJob> failures = dispatcher.failures(batch.batchId());
        ArrayNode summary = JSON.createArrayNode();
        List<BeforeAfterSheet.Row> rows = new ArrayList<>();
        Map<String, FinishedJob> darkest = new LinkedHashMap<>();
        try {
            Files.createDirectories(outDir);
            for (FinishedJob job : finished.stream().filter(job -> byKey.containsKey(job.sourceKey()))
                    .sorted(Comparator.comparing(FinishedJob::sourceKey)).toList()) {
                DemoImage image = byKey.get(job.sourceKey());
                Path file = KeyRule.localOutput(outDir, PREFIX, job.outputKey());
                store.get(new StoreLocation(RESULTS_BUCKET, job.outputKey()), file);
                out.printf(Locale.ROOT, "%-28s true ×%-5s estimated ×%-7s -> %s%n", image.key(),
                        ratioText(image.trueRatio()), job.ratio() == null ? "?" : ratioText(job.ratio()),
                        outDir.relativize(file));
                ObjectNode item = summary.addObject();
                item.put("image", image.key());
                item.put("sample", image.sample());
                item.put("true_ratio", image.trueRatio());
                item.put("page_true_ratio", job.trueRatio());
                item.put("ratio", job.ratio());
                item.put("ratio_source", job.ratioSource());
                item.put("model_set", job.modelSet());
                item.put("output", outDir.relativize(file).toString());
                FinishedJob current = darkest.get(image.sample());
                if (image.dark() && (current == null || byKey.get(current.sourceKey()).trueRatio() < image.trueRatio())) {
                    darkest.put(image.sample(), job);
                }
            }
            for (FailedJob job : failures) {
                out.println("failed: " + job.sourceKey() + ": " + job.errorClass() + ": " + job.reason());
                ObjectNode item = summary.addObject();
                item.put("image", job.sourceKey());
                item.put("error_class", job.errorClass());
                item.put("reason", job.reason());
            }
            for (FinishedJob job : darkest.values()) {
                if (job.inputPreview() != null && job.resultPreview() != null) {
                    rows.add(new BeforeAfterSheet.Row(dispatcher.image(job.inputPreview()),
                            dispatcher.image(job.resultPreview())));
                }
            }
            if (!rows.isEmpty()) {
                Files.write(outDir.resolve("before-after.jpg"), BeforeAfterSheet.jpeg(rows, SHEET_SIDE));
            }
            JSON.writeValue(outDir.resolve("summary.json").toFile(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir + ": " + e.getMessage(), e);
        }
        String page = dispatcher.base() + "/#batch=" + batch.batchId();
        out.println("results in " + outDir + " (before-after.jpg: the darkest version of each camera, before | after)");
        out.println("the page: " + page);
        ObjectNode last = new ObjectMapper().createObjectNode();
        last.put("images", images.size());
        last.put("done", batch.done());
        last.put("failed", batch.failed());
        last.put("seconds", seconds);
        last.put("output_dir", outDir.toString());
        last.put("page", page);
        out.println(last);
        return batch.failed() == 0 && batch.done() == images.size() ? 0 : 3;
    }

    private static String ratioText(double ratio) {
        return ratio >= 10 ? String.format(Locale.ROOT, "%.0f", ratio) : String.format(Locale.ROOT, "%.1f", ratio);
    }
}
