package io.nightshift.stack;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ./nightshift stack up|down|status}: the local stack by hand. Its folder is {@code .nightshift/stack}
 * in the project, or {@code NIGHTSHIFT_STACK_DIR}. Exit codes: 0 success, 1 failure, 3 (status) not healthy.
 */
public final class StackCli {
    /** Both servers answer within this many seconds of {@code stack up} on a warm machine. */
    static final int READY_TARGET_S = 30;

    private StackCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        if (args.length != 1) {
            System.err.println("usage: nightshift stack up|down|status");
            return 2;
        }
        try {
            StackHome home = StackHome.locate();
            String configured = env.get("NIGHTSHIFT_STACK_DIR");
            Path dir = configured == null || configured.isBlank() ? home.defaultStackDir() : Paths.get(configured).toAbsolutePath();
            switch (args[0]) {
                case "up":
                    return up(home, StackConfig.forLocalUse(dir, env));
                case "down":
                    return down(dir);
                case "status":
                    return status(dir);
                default:
                    System.err.println("unknown stack command '" + args[0] + "'; usage: nightshift stack up|down|status");
                    return 2;
            }
        } catch (StackException e) {
            System.err.println("stack: " + e.getMessage());
            return 1;
        }
    }

    private static int up(StackHome home, StackConfig config) {
        List<StackProbe.ServiceStatus> current = StackProbe.status(config.dir());
        if (current.stream().allMatch(StackProbe.ServiceStatus::healthy)) {
            System.out.println("stack already running from " + config.dir());
            print(current);
            return 0;
        }
        if (current.stream().anyMatch(StackProbe.ServiceStatus::running)) {
            System.out.println("stack partly running; restarting it");
            LocalStack.stop(config.dir());
        }
        System.out.println("starting Kafka on " + config.bootstrapServers() + " and S3 on " + config.s3Endpoint()
                + " (data and logs in " + config.dir() + ")");
        LocalStack stack = LocalStack.start(home, config);
        print(StackProbe.status(config.dir()));
        double seconds = stack.startupTime().toMillis() / 1000.0;
        System.out.printf(Locale.ROOT, "stack up in %.1f s%n", seconds);
        System.out.printf(Locale.ROOT, "{\"ready_s\":%.1f,\"target_s\":%d,\"pass\":%b,\"kafka\":\"%s\",\"s3\":\"%s\"}%n",
                seconds, READY_TARGET_S, seconds <= READY_TARGET_S, config.bootstrapServers(), config.s3Endpoint());
        return 0;
    }

    private static int down(Path dir) {
        if (LocalStack.stop(dir)) {
            System.out.println("stack stopped");
        } else {
            System.out.println("stack was not running");
        }
        return 0;
    }

    private static int status(Path dir) {
        List<StackProbe.ServiceStatus> statuses = StackProbe.status(dir);
        print(statuses);
        System.out.println(statuses.stream()
                .map(s -> "\"" + s.name() + "\":\"" + (s.healthy() ? "healthy" : s.running() ? "unhealthy" : "stopped") + "\"")
                .collect(Collectors.joining(",", "{", "}")));
        return statuses.stream().allMatch(StackProbe.ServiceStatus::healthy) ? 0 : 3;
    }

    private static void print(List<StackProbe.ServiceStatus> statuses) {
        for (StackProbe.ServiceStatus s : statuses) {
            String state = s.healthy() ? "healthy" : s.running() ? "UNHEALTHY" : "stopped";
            System.out.printf(Locale.ROOT, "%-6s %-9s %-9s %-24s %s%n", s.name(), state,
                    s.pid() > 0 ? "pid " + s.pid() : "-", s.endpoint(), s.detail());
        }
    }
}
