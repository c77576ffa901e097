package io.nightshift.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `stack up`, `status` and `down` as a person runs them: detached servers that outlive the command. */
class StackCliTest {
    @Test
    void upStatusDownLeavesNoProcessAndUpWorksAgain(@TempDir Path dir) {
        Map<String, String> env = Map.of(
                "NIGHTSHIFT_STACK_DIR", dir.toString(),
                "NIGHTSHIFT_KAFKA_PORT", Integer.toString(StackConfig.freePort()),
                "NIGHTSHIFT_CONTROLLER_PORT", Integer.toString(StackConfig.freePort()),
                "NIGHTSHIFT_S3_PORT", Integer.toString(StackConfig.freePort()));
        try {
            assertEquals(3, run(env, "status").code, "nothing runs yet");
            Output up = run(env, "up");
            assertEquals(0, up.code, up.text);
            assertTrue(up.text.contains("stack up in"), up.text);
            String last = up.text.strip().lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(last.startsWith("{\"ready_s\":") && last.contains("\"pass\":"), last);
            StackState state = StackState.read(dir).orElseThrow();
            long[] pids = {state.kafkaPid(), state.s3Pid()};

            Output status = run(env, "status");
            assertEquals(0, status.code, status.text);
            assertEquals(2, status.text.lines().filter(line -> line.contains(" healthy ")).count(), status.text);
            assertTrue(status.text.strip().endsWith("{\"kafka\":\"healthy\",\"s3\":\"healthy\"}"), status.text);

            Output again = run(env, "up");
            assertEquals(0, again.code);
            assertTrue(again.text.contains("already running"), again.text);

            assertEquals(0, run(env, "down").code);
            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " survived down");
            }
            assertFalse(Files.exists(dir.resolve(StackState.FILE)));
            assertEquals(3, run(env, "status").code);

            Output second = run(env, "up");
            assertEquals(0, second.code, second.text);
            assertEquals(0, run(env, "status").code, "the second up serves again (data folder reused)");
        } finally {
            run(env, "down");
        }
    }

    private record Output(int code, String text) {
    }

    private static Output run(Map<String, String> env, String command) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = StackCli.run(new String[]{command}, env);
            return new Output(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
