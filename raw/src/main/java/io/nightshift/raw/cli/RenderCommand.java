package io.nightshift.raw.cli;

import java.io.PrintStream;

/** {@code render FILE OUT.png|OUT.tif [--gain G] [--half] [--linear]}. */
final class RenderCommand {

    private RenderCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        throw new RawCli.UsageException("render: not available yet");
    }
}
