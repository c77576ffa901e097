package io.nightshift.client.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.client.testing.Captured;
import io.nightshift.client.testing.TestFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./nightshift objects} against the real S3 server of a local stack. */
class ObjectsCliTest {
    @TempDir
    Path dir;

    @Test
    void putListGetAndRemoveAFileWithASpaceInItsName() throws Exception {
        Map<String, String> env = TestFleet.shared();
        Path file = dir.resolve("my photo.NEF");
        byte[] bytes = "not really a NEF".getBytes();
        Files.write(file, bytes);

        Result buckets = run(env, "ls");
        assertTrue(buckets.out.contains("s3://nightshift-raw/") && buckets.out.contains("s3://nightshift-models/"),
                buckets.out);
        assertEquals(0, run(env, "put", file.toString(), "s3://nightshift-raw/objects-test/").code);
        Result ls = run(env, "ls", "s3://nightshift-raw/objects-test/");
        assertEquals(0, ls.code);
        assertTrue(ls.out.contains(bytes.length + "  s3://nightshift-raw/objects-test/my photo.NEF"), ls.out);

        Path back = dir.resolve("back");
        Files.createDirectories(back);
        assertEquals(0, run(env, "get", "nightshift-raw/objects-test/my photo.NEF", back.toString()).code);
        assertArrayEquals(bytes, Files.readAllBytes(back.resolve("my photo.NEF")));

        assertEquals(0, run(env, "rm", "s3://nightshift-raw/objects-test/my photo.NEF").code);
        assertEquals("", run(env, "ls", "s3://nightshift-raw/objects-test/").out.strip());
        Result missing = run(env, "get", "s3://nightshift-raw/objects-test/my photo.NEF", back.toString());
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("NoSuchKey"), missing.err);
    }

    @Test
    void usageErrorsSayWhat() {
        Result result = run(Map.of(), "put", "s3://nightshift-raw/x");
        assertEquals(2, result.code);
        assertTrue(result.err.contains("put needs at least one file"), result.err);
        assertEquals(2, run(Map.of(), "frobnicate").code);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        Captured out = new Captured();
        Captured err = new Captured();
        int code = new ObjectsCli(out.stream(), err.stream(), env).run(args);
        return new Result(code, out.text(), err.text());
    }
}
