package io.nightshift.client.deadletters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightshift.client.Options;
import io.nightshift.client.fleet.DeadLetterInfo;
import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.client.fleet.FleetException;
import io.nightshift.client.fleet.ReplayResult;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ./nightshift dead-letters list|show|replay}: the jobs the workers gave up on, as the dispatcher indexes
 * them (what failed, why, the original job), and replaying chosen ones as their next attempt. {@code list} and
 * {@code replay} end with one JSON line of counts. Exit 0 when the dispatcher answered (a skipped replay included:
 * the JSON line counts it), 1 when it refused or could not be reached (an unknown job for {@code show}), 2 on a
 * usage error.
 */
public final class DeadLettersCli {
    static final String USAGE = """
            usage: nightshift dead-letters list [--batch B] [--class C] [--url URL]
                   nightshift dead-letters show JOB_ID [--url URL]
                   nightshift dead-letters replay JOB_ID... [--force] [--url URL]
                   nightshift dead-letters replay --batch B [--force] [--url URL]
              list     jobs with dead letters, newest first: job, batch, class, attempt, when, replayable, and why
              show     one job's latest dead letter with the original job, and its earlier ones
              replay   re-enqueue as the next attempt; only classes a fix can change (INTERNAL, MODEL_UNAVAILABLE,
                       CRASHED_WORKER, OBJECT_MISSING, STAGE_TIMEOUT, OUTPUT_NOT_WRITABLE) unless --force; never
                       a raw payload; once however often asked
              --batch  only this batch's (replay: every dead-lettered job of the batch)
              --class  only this error class (DECODE_FAILED, ...)
              --force  replay poison classes too (after changing what made them fail)
              --url    the dispatcher (default $NIGHTSHIFT_DISPATCHER_URL or http://127.0.0.1:8080);
                       its API key, if it has one, comes from $NIGHTSHIFT_API_KEY""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    DeadLettersCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new DeadLettersCli(System.out, System.err, System.getenv()).run(args));
    }

    int run(String[] args) {
        Options options;
        String command;
        List<String> ids;
        try {
            options = Options.parse(args, Set.of("batch", "class", "url"), Set.of("force", "help"));
            if (options.has("help")) {
                out.println(USAGE);
                return 0;
            }
            if (options.positional().isEmpty()) {
                throw new IllegalArgumentException("name a command: list, show or replay");
            }
            command = options.positional().get(0);
            ids = options.positional().subList(1, options.positional().size());
            switch (command) {
                case "list" -> {
                    refuseArguments(ids);
                    refuse(options, "force");
                }
                case "show" -> {
                    if (ids.size() != 1) {
                        throw new IllegalArgumentException("show takes one job id");
                    }
                    refuse(options, "batch", "class", "force");
                }
                case "replay" -> {
                    if (ids.isEmpty() == !options.has("batch")) {
                        throw new IllegalArgumentException("replay takes job ids or --batch B, not both");
                    }
                    refuse(options, "class");
                }
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            }
        } catch (IllegalArgumentException e) {
            err.println("dead-letters: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        StackConfig local = StackConfig.forLocalUse(StackHome.locate().defaultStackDir(), env);
        DispatcherClient dispatcher = new DispatcherClient(FleetAddress.of(local, null, options.get("url"), env));
        try {
            switch (command) {
                case "list" -> list(dispatcher.deadLetters(options.get("batch"), options.get("class")));
                case "show" -> show(dispatcher.deadLetter(ids.get(0)));
                default -> replay(dispatcher.replay(ids.isEmpty() ? null : ids, options.get("batch"),
                        options.has("force")));
            }
            return 0;
        } catch (FleetException e) {
            err.println("dead-letters: " + e.getMessage());
            return 1;
        }
    }

    private void list(List<DeadLetterInfo> letters) {
        Map<String, Integer> byClass = new TreeMap<>();
        int replayable = 0;
        for (DeadLetterInfo letter : letters) {
            byClass.merge(letter.errorClass(), 1, Integer::sum);
            replayable += letter.replayable() ? 1 : 0;
            out.printf("%s  %-18s attempt %d  %s  batch %s  %s%n", letter.jobId(), letter.errorClass(), letter.attempt(),
                    letter.at(), letter.batchId() == null ? "?" : letter.batchId(),
                    letter.replayable() ? "replayable" : "not replayable");
            out.println("    " + (letter.source() != null ? letter.source() : "raw payload, " + letter.rawPayloadBytes()
                    + " bytes" + (letter.rawPayloadStoredAt() != null ? " at " + letter.rawPayloadStoredAt() : ""))
                    + ": " + letter.reason());
            if (!letter.replayable()) {
                out.println("    not replayable: " + letter.notReplayable());
            }
        }
        ObjectNode summary = new ObjectMapper().createObjectNode();
        summary.put("deadLetters", letters.size());
        summary.put("replayable", replayable);
        byClass.forEach(summary.putObject("byClass")::put);
        out.println(summary);
    }

    private void show(DeadLetterInfo letter) {
        out.println("job         " + letter.jobId());
        out.println("batch       " + (letter.batchId() == null ? "unknown" : letter.batchId()));
        out.println("error class " + letter.errorClass());
        out.println("reason      " + letter.reason());
        out.println("attempt     " + letter.attempt() + " (" + letter.attempts() + " tries by the worker)");
        out.println("worker      " + letter.workerId());
        out.println("at          " + letter.at());
        out.println("replayable  " + (letter.replayable() ? "yes" : "no: " + letter.notReplayable()));
        if (letter.earlier() > 0) {
            out.println("earlier     " + letter.earlier() + " dead letters of this job kept");
        }
        if (letter.job() != null) {
            out.println("source      " + letter.source());
            out.println("output      " + letter.job().path("output").path("bucket").asText() + "/"
                    + letter.job().path("output").path("key").asText() + " (" + letter.job().path("format").asText() + ")");
            out.println("job         " + letter.job());
        } else {
            out.println("job         not readable: only the raw payload (" + letter.rawPayloadBytes()
                    + " bytes) was kept, " + (letter.rawPayloadStoredAt() != null
                    ? "in the object store at " + letter.rawPayloadStoredAt()
                    + " (./nightshift objects get s3://" + letter.rawPayloadStoredAt() + " .)"
                    : "on the dead-letter topic"));
        }
    }

    private void replay(ReplayResult result) {
        for (ReplayResult.Item item : result.items()) {
            out.println(item.requeued()
                    ? item.jobId() + "  requeued as attempt " + item.attempt()
                    : item.jobId() + "  skipped: " + item.reason());
        }
        ObjectNode summary = new ObjectMapper().createObjectNode();
        summary.put("requeued", result.requeued());
        summary.put("skipped", result.skipped());
        out.println(summary);
    }

    private static void refuseArguments(List<String> ids) {
        if (!ids.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument '" + ids.get(0) + "'");
        }
    }

    private static void refuse(Options options, String... names) {
        for (String name : names) {
            if (options.has(name)) {
                throw new IllegalArgumentException("--" + name + " does not apply here");
            }
        }
    }
}
