package io.nightshift.raw.cli;

import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.RawException;
import io.nightshift.raw.decode.RawDecoder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line of the RAW front end: {@code decode FILE [--json]}, {@code render FILE OUT [--gain G]
 * [--half] [--linear]}, {@code bench decode}. Bad input exits with status 1 and one line on stderr;
 * bad usage with status 2.
 */
public final class RawCli {

    static final int BAD_INPUT = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;

    RawCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new RawCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length == 0) {
            return usage("missing command");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "decode" -> decode(rest);
                case "render" -> RenderCommand.run(rest, out, err);
                case "bench" -> BenchCommand.run(rest, out, err);
                default -> usage("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            return usage(e.getMessage());
        } catch (RawException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private int decode(String[] args) throws IOException {
        boolean json = false;
        Path file = null;
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.startsWith("--") || file != null) {
                throw new UsageException("decode: unexpected argument '" + arg + "'");
            } else {
                file = Path.of(arg);
            }
        }
        if (file == null) {
            throw new UsageException("decode: missing FILE");
        }
        byte[] bytes = Files.readAllBytes(file);
        DecodedRaw raw;
        try (RawDecoder decoder = new RawDecoder()) {
            raw = decoder.decode(bytes);
        }
        Map<String, Object> fields = describe(raw);
        if (!json) {
            fields.forEach((key, value) -> out.println(key + ": " + Json.value(value)));
        }
        out.println(Json.object(fields));
        return 0;
    }

    /** The decode command's JSON fields, in the documented order. */
    static Map<String, Object> describe(DecodedRaw raw) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("make", raw.capture().make());
        fields.put("model", raw.capture().model());
        fields.put("cfa", raw.cfa().name());
        fields.put("black", raw.black().toArray());
        fields.put("white", raw.white());
        fields.put("width", raw.width());
        fields.put("height", raw.height());
        fields.put("raw_width", raw.geometry().rawWidth());
        fields.put("raw_height", raw.geometry().rawHeight());
        fields.put("iso", raw.capture().iso());
        fields.put("exposure_s", (double) raw.capture().exposureSeconds());
        fields.put("aperture", raw.capture().aperture());
        fields.put("wb", raw.asShotWhiteBalance().toArray());
        fields.put("wb_source", raw.asShotWhiteBalance().source().name());
        fields.put("orientation", raw.orientation());
        return fields;
    }

    private int usage(String problem) {
        err.println("error: " + problem + ". usage: decode FILE [--json] | render FILE OUT.png|OUT.tif"
                + " [--gain G] [--half] [--linear] | bench decode");
        return USAGE;
    }

    /** Bad command-line usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
