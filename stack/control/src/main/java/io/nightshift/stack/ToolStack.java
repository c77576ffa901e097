package io.nightshift.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stack a command-line tool (a benchmark) works against: the one {@code ./nightshift stack up} runs
 * ({@code $NIGHTSHIFT_STACK_DIR}, else the default folder) when both its servers are healthy, else a fresh
 * one in a temporary folder that {@link #close()} stops again. A running stack is never stopped here.
 */
public final class ToolStack implements AutoCloseable {

    private final StackConfig config;
    private final LocalStack started;

    private ToolStack(StackConfig config, LocalStack started) {
        this.config = config;
        this.started = started;
    }

    /** Prints which stack it uses. */
    public static ToolStack runningOrStart(StackHome home) throws IOException {
        String dirSetting = System.getenv("NIGHTSHIFT_STACK_DIR");
        Path dir = dirSetting == null || dirSetting.isBlank() ? home.defaultStackDir() : Path.of(dirSetting);
        if (StackProbe.status(dir).stream().allMatch(StackProbe.ServiceStatus::healthy)) {
            StackConfig config = StackConfig.forLocalUse(dir, System.getenv());
            System.out.println("using the running local stack: Kafka " + config.bootstrapServers() + ", S3 " + config.s3Endpoint());
            return new ToolStack(config, null);
        }
        Path fresh = Files.createTempDirectory("nightshift-bench-stack-");
        System.out.println("no local stack running; starting one in " + fresh);
        LocalStack started = LocalStack.start(home, StackConfig.forTests(fresh));
        return new ToolStack(started.config(), started);
    }

    public StackConfig config() {
        return config;
    }

    /** Stops the stack when this tool started it. */
    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }
}
