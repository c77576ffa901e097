package io.nightshift.client.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A command's standard output or error, captured. */
public final class Captured {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    public PrintStream stream() {
        return stream;
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public List<String> lines() {
        return text().lines().toList();
    }

    /** The last line (the commands' JSON summary). */
    public String lastLine() {
        List<String> lines = lines();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
