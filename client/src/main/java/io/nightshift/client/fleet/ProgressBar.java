package io.nightshift.client.fleet;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line of progress on standard error: redrawn in place on a terminal, else printed when it changes, at most
 * every few seconds, so that a log file gets a readable history instead of carriage returns.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final String label;
    private String last = "";
    private String lastLogged = "";
    private long lastPrinted;

    public ProgressBar(PrintStream err, boolean terminal, String label) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
    }

    /** A bar that redraws in place when the JVM has a console. */
    public static ProgressBar onConsole(String label) {
        return new ProgressBar(System.err, System.console() != null, label);
    }

    /** {@code count} of {@code total} with a detail after it. */
    public void show(long count, long total, String detail) {
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, count * WIDTH / total);
        String line = String.format(Locale.ROOT, "%-9s [%s%s] %d/%d %s", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), count, total, detail);
        print(line, false);
    }

    /** A batch's progress: ended jobs over all of them, with done and failed. */
    public void show(BatchStatus batch, double seconds) {
        long jobs = batch.total() != null ? batch.total() : batch.published();
        show(batch.done() + batch.failed(), jobs, String.format(Locale.ROOT, "%s, %d done, %d failed, %.0f s",
                batch.total() != null ? "jobs" : "jobs so far (listing)", batch.done(), batch.failed(), seconds));
    }

    /** Ends the line (the last state stays visible). */
    public void finish() {
        print(last, true);
        if (terminal) {
            err.println();
        }
    }

    private void print(String line, boolean force) {
        if (line.equals(last) && !force) {
            return;
        }
        if (terminal) {
            err.print("\r" + line);
            err.flush();
        } else if (force ? !line.equals(lastLogged) : System.nanoTime() - lastPrinted >= LOG_INTERVAL_NANOS) {
            err.println(line);
            lastLogged = line;
            lastPrinted = System.nanoTime();
        }
        last = line;
    }
}
