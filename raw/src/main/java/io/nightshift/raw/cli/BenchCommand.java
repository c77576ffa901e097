package io.nightshift.raw.cli;

import java.io.PrintStream;

/** {@code bench decode}. */
final class BenchCommand {

    private BenchCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        throw new RawCli.UsageException("bench: not available yet");
    }
}
