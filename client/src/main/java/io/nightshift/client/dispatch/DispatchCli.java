package io.nightshift.client.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightshift.client.Options;
import io.nightshift.client.fleet.BatchFollower;
import io.nightshift.client.fleet.BatchSpec;
import io.nightshift.client.fleet.BatchStatus;
import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.client.fleet.FleetException;
import io.nightshift.client.fleet.ProgressBar;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./nightshift dispatch --bucket B [--prefix P] [--out-bucket OB] [--out-prefix O] [--format F]
 * [--extensions NEF,DNG] [--ratio R] [--request-id ID] [--url URL] [--follow]}: asks a running dispatcher for a
 * batch of every RAW object under a prefix and prints its id; with {@code --follow} it shows the batch's progress
 * until every job of the sealed batch has ended (or a cancelled batch has none queued), then a summary as the last
 * line (JSON: {@code batchId}, {@code state}, {@code published}, {@code total}, {@code done}, {@code failed},
 * {@code seconds}). Exit 0 on success, 1 when the dispatcher refuses or cannot be reached, 2 on a usage error.
 */
public final class DispatchCli {
    static final String USAGE = """
            usage: nightshift dispatch --bucket B [--prefix P] [--out-bucket OB] [--out-prefix O] [--format F]
                                       [--extensions NEF,DNG] [--ratio R] [--request-id ID] [--url URL] [--follow]
              --bucket       the bucket holding the RAW files (required)
              --prefix       the prefix to list (default: the whole bucket)
              --out-bucket   where results go (default nightshift-results)
              --out-prefix   the output folder (default enhanced/)
              --format       png16 | tiff16 | jpeg | dng (default png16)
              --extensions   RAW extensions to accept (default: every common RAW format)
              --ratio        amplify every file by this ratio (default: the workers estimate each one's)
              --request-id   makes the call idempotent: the same id names the same batch
              --url          the dispatcher (default $NIGHTSHIFT_DISPATCHER_URL or http://127.0.0.1:8080);
                             its API key, if it has one, comes from $NIGHTSHIFT_API_KEY
              --follow       show done/failed progress until every job of the sealed batch
                             has ended, then a JSON summary""";
    private static final Duration POLL = Duration.ofSeconds(1);
    /** A batch with no job ending for this long means no worker is taking its jobs. */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(10);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    DispatchCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new DispatchCli(System.out, System.err, System.getenv()).run(args));
    }

    int run(String[] args) {
        Options options;
        BatchSpec spec;
        try {
            options = Options.parse(args, Set.of("bucket", "prefix", "out-bucket", "out-prefix", "format", "extensions",
                    "ratio", "request-id", "url"), Set.of("follow", "help"));
            if (options.has("help")) {
                out.println(USAGE);
                return 0;
            }
            if (!options.positional().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument '" + options.positional().get(0) + "'");
            }
            if (!options.has("bucket")) {
                throw new IllegalArgumentException("--bucket is required");
            }
            spec = new BatchSpec(options.get("bucket"), options.get("prefix", ""), options.get("out-bucket"),
                    options.get("out-prefix"), options.get("format"),
                    options.has("ratio") ? options.positive("ratio", 1) : null,
                    options.has("extensions") ? List.of(options.get("extensions").split(",")) : null,
                    options.get("request-id"));
        } catch (IllegalArgumentException e) {
            err.println("dispatch: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        StackConfig local = StackConfig.forLocalUse(StackHome.locate().defaultStackDir(), env);
        DispatcherClient dispatcher = new DispatcherClient(FleetAddress.of(local, null, options.get("url"), env));
        try {
            BatchStatus batch = dispatcher.submit(spec);
            out.println(batch.batchId());
            if (!options.has("follow")) {
                return 0;
            }
            BatchFollower.Followed followed = new BatchFollower(dispatcher, ProgressBar.onConsole("dispatch"), POLL,
                    STALL_LIMIT, () -> { }).follow(batch, status -> { });
            batch = followed.batch();
            double seconds = followed.seconds();
            ObjectNode summary = new ObjectMapper().createObjectNode();
            summary.put("batchId", batch.batchId());
            summary.put("state", batch.state());
            summary.put("published", batch.published());
            summary.put("total", batch.total());
            summary.put("done", batch.done());
            summary.put("failed", batch.failed());
            summary.put("seconds", seconds);
            out.println(summary);
            return 0;
        } catch (FleetException e) {
            err.println("dispatch: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
