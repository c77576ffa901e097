package io.nightshift.raw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench decode} measures every file and ends with the JSON summary. */
class BenchCommandTest {

    @Test
    void benchDecodeEndsWithFilesAndOverheadRatio() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new RawCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"bench", "decode", "--runs", "1", "--min-ms", "0", Samples.path(Samples.KODAK_DC50).toString()});
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(4, lines.length, "a header, one line per file (the sample and the generated DNG), then JSON");
        String json = lines[3];
        assertTrue(json.startsWith("{\"files\":[{\"file\":\"RAW_KODAK_DC50.KDC\",\"decode_pack_ms\":"), json);
        assertTrue(json.contains("{\"file\":\"generated Sony-like 4256x2848 DNG\""), json);
        Matcher ratio = Pattern.compile("\"overhead_ratio\":([0-9.]+)").matcher(json);
        assertTrue(ratio.find(), json);
        assertTrue(Double.parseDouble(ratio.group(1)) > 0.5, "decode+pack cannot be much faster than unpack alone");
        assertTrue(json.matches(".*\"target\":1\\.2,\"pass\":(true|false),.*"), json);
        assertTrue(json.endsWith("}"), json);
    }
}
