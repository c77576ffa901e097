package io.nightshift.raw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's JSON line and its one-line errors. */
class RawCliTest {

    private record Result(int status, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new RawCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void decodeJsonHasEveryKey() {
        Result r = run("decode", Samples.path(Samples.CANON_D30).toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertEquals("{\"make\":\"Canon\",\"model\":\"EOS D30\",\"cfa\":\"RGGB\",\"black\":[126,126,126,126],"
                + "\"white\":4095,\"width\":2176,\"height\":1448,\"raw_width\":2224,\"raw_height\":1456,\"iso\":100,",
                r.lastLine().substring(0, r.lastLine().indexOf("\"exposure_s\"")));
        for (String key : new String[] {"\"exposure_s\":0.00495", "\"aperture\":", "\"wb\":[", "\"orientation\":0}"}) {
            assertTrue(r.lastLine().contains(key), key + " in " + r.lastLine());
        }
    }

    @Test
    void decodeJsonSaysWhereTheWhiteBalanceComesFrom() {
        Result r = run("decode", Samples.path(Samples.NIKON_D1).toString(), "--json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.lastLine().contains("\"wb_source\":\"DAYLIGHT\""), r.lastLine());
        assertTrue(!r.lastLine().contains("\"wb\":[1.0,1.0,1.0,1.0]") && !r.lastLine().contains("\"wb\":[1,1,1,1]"),
                r.lastLine());
    }

    @Test
    void badInputExitsNonZeroWithOneLine(@TempDir Path dir) throws IOException {
        Path fake = dir.resolve("photo.ARW");
        Files.write(fake, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'});
        for (String file : new String[] {fake.toString(), dir.resolve("missing.NEF").toString()}) {
            Result r = run("decode", file, "--json");
            assertEquals(RawCli.BAD_INPUT, r.status());
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(RawCli.USAGE, run().status());
        assertEquals(RawCli.USAGE, run("frobnicate").status());
        assertEquals(RawCli.USAGE, run("decode").status());
    }
}
