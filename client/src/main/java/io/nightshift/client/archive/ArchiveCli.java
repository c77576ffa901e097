package io.nightshift.client.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightshift.client.Options;
import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.client.fleet.FleetException;
import io.nightshift.client.fleet.LocalFleet;
import io.nightshift.client.store.ObjectStore;
import io.nightshift.client.store.StoreException;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackException;
import io.nightshift.stack.StackHome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./nightshift process IN_DIR OUT_DIR [--format jpeg|png16|tiff16|dng] [--ratio R] [--force]
 * [--dispatcher URL --s3 ENDPOINT]}: a photographer's folder through the fleet and back ({@link ArchiveRun}). On the
 * local fleet by default, starting what is missing and stopping again what it started; a remote fleet with both
 * {@code --dispatcher} and {@code --s3} (keys from the environment). Failures are listed at the end and written to
 * {@code OUT_DIR/failures.json}; the last line is JSON: {@code files}, {@code uploaded}, {@code skipped},
 * {@code done}, {@code failed}, {@code seconds}. Exit 0 when every file is done, 3 when some failed, 1 when the
 * fleet could not be used, 2 on a usage error.
 */
public final class ArchiveCli {
    static final String USAGE = """
            usage: nightshift process IN_DIR OUT_DIR [--format jpeg|png16|tiff16|dng] [--ratio R] [--force]
                                      [--dispatcher URL --s3 ENDPOINT] [--bucket B] [--out-bucket OB]
              IN_DIR        a folder of RAW files (searched recursively; RAW extensions in any case)
              OUT_DIR       results, mirroring IN_DIR's tree (IMG_1.NEF -> IMG_1.NEF.jpg), failures.json and the
                            record of what is done (.nightshift-done.jsonl): a rerun skips done files
              --format      jpeg (default), png16, tiff16 or dng (linear DNG, for raw editors)
              --ratio       amplify every file by R (default: the workers estimate each file's ratio)
              --force       process files that are done again
              --dispatcher, --s3  a remote fleet (keys from NIGHTSHIFT_S3_ACCESS_KEY, NIGHTSHIFT_S3_SECRET_KEY,
                            NIGHTSHIFT_API_KEY); default: the local fleet, started where missing
              --bucket, --out-bucket  the RAW and results buckets (nightshift-raw, nightshift-results)""";
    /** A batch with no job ending for this long means the fleet is not working on it. */
    static final Duration STALL_LIMIT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ArchiveCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new ArchiveCli(System.out, System.err, System.getenv()).run(args));
    }

    int run(String[] args) {
        ArchiveRun.Settings settings;
        Options options;
        LocalFleet fleet;
        try {
            options = Options.parse(args, Set.of("format", "ratio", "dispatcher", "s3", "bucket", "out-bucket"),
                    Set.of("force", "help"));
            if (options.has("help")) {
                out.println(USAGE);
                return 0;
            }
            if (options.positional().size() != 2) {
                throw new IllegalArgumentException("process takes an input folder and an output folder");
            }
            if (options.has("dispatcher") != options.has("s3")) {
                throw new IllegalArgumentException("a remote fleet needs both --dispatcher and --s3");
            }
            Path in = Path.of(options.positional().get(0));
            if (!Files.isDirectory(in)) {
                throw new IllegalArgumentException("no folder " + in);
            }
            Path outDir = Path.of(options.positional().get(1));
            if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
                throw new IllegalArgumentException(outDir + " is not a folder");
            }
            if (options.has("s3") && (!env.containsKey("NIGHTSHIFT_S3_ACCESS_KEY")
                    || !env.containsKey("NIGHTSHIFT_S3_SECRET_KEY"))) {
                throw new IllegalArgumentException("a remote fleet's store needs NIGHTSHIFT_S3_ACCESS_KEY and "
                        + "NIGHTSHIFT_S3_SECRET_KEY in the environment");
            }
            String format = OutputFormat.fromWireName(options.get("format", OutputFormat.JPEG.wireName())).wireName();
            settings = new ArchiveRun.Settings(in, outDir, format,
                    options.has("ratio") ? options.positive("ratio", 1) : null, options.has("force"),
                    options.get("bucket", "nightshift-raw"), options.get("out-bucket", "nightshift-results"), STALL_LIMIT);
            fleet = options.has("dispatcher") ? null : LocalFleet.of(StackHome.locate(), env, err);
        } catch (IllegalArgumentException e) {
            err.println("process: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        StackHome home = StackHome.locate();
        LocalFleet owned = fleet;
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            err.println("process: stopped; the results so far are in " + settings.outDir()
                    + " — the same command continues where this run stopped");
            if (owned != null) {
                owned.close();
            }
        }, "nightshift-process-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            FleetAddress address;
            Runnable health;
            if (fleet == null) {
                address = FleetAddress.of(StackConfig.forLocalUse(home.defaultStackDir(), env), options.get("s3"),
                        options.get("dispatcher"), env);
                health = () -> { };
            } else {
                fleet.up();
                address = FleetAddress.of(fleet.stack(), null, fleet.dispatcher().toString(), env);
                health = fleet::requireAlive;
            }
            Files.createDirectories(settings.outDir());
            ArchiveReport report;
            try (ObjectStore store = new ObjectStore(address)) {
                report = new ArchiveRun(settings, store, new DispatcherClient(address), health, err).run();
            }
            writeFailures(settings.outDir(), report);
            for (ArchiveFailure failure : report.failures()) {
                out.println("failed: " + failure.path() + ": " + failure.errorClass() + ": " + failure.reason());
            }
            ObjectNode summary = new ObjectMapper().createObjectNode();
            summary.put("files", report.files());
            summary.put("uploaded", report.uploaded());
            summary.put("skipped", report.skipped());
            summary.put("done", report.done());
            summary.put("failed", report.failed());
            summary.put("seconds", report.seconds());
            summary.put("batch", report.batchId());
            summary.put("output_dir", settings.outDir().toAbsolutePath().normalize().toString());
            out.println(summary);
            return report.failed() == 0 ? 0 : 3;
        } catch (FleetException | StoreException | StackException | UncheckedIOException | IllegalArgumentException
                 | IOException e) {
            if (!stopping.get()) {
                err.println("process: " + e.getMessage());
            }
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the fleet
            }
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    private static void writeFailures(Path outDir, ArchiveReport report) {
        try {
            Files.createDirectories(outDir);
            JSON.writeValue(outDir.resolve("failures.json").toFile(), report.failures());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir.resolve("failures.json") + ": " + e.getMessage(), e);
        }
    }
}
