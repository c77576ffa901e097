package io.nightshift.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ThreadPool#SHARED}: sessions run on the environment's one intra-op pool, so loading three more enhancers
 * adds no thread to the process, where with a pool per session each adds its own (3 threads: 2 more each). Each case
 * runs in a fresh JVM ({@link ThreadPoolProbe}) because ONNX Runtime makes its environment, and any global pool, once
 * per process.
 */
class SharedThreadPoolTest {

    @Test
    void sharedSessionsAddNoThreads() throws Exception {
        String[] shared = probe("shared");
        assertEquals("true", shared[0], "the engine shares the environment's pool");
        int added = Integer.parseInt(shared[2]) - Integer.parseInt(shared[1]);
        assertTrue(added <= 0, "three more sessions on the shared pool added " + added + " threads");
    }

    @Test
    void perSessionPoolsEachAddTheirThreads() throws Exception {
        String[] own = probe("per-session");
        assertEquals("false", own[0]);
        int added = Integer.parseInt(own[2]) - Integer.parseInt(own[1]);
        assertTrue(added >= 6, "three more sessions with pools of their own (3 threads) added only " + added);
    }

    @Test
    void theSettingIsSharedOrPerSession() {
        assertEquals(ThreadPool.SHARED, ThreadPool.fromSetting("shared"));
        assertEquals(ThreadPool.PER_SESSION, ThreadPool.fromSetting("Per-Session"));
        assertThrows(IllegalArgumentException.class, () -> ThreadPool.fromSetting("global"));
        assertFalse(EngineConfig.cpu(2).threadPool() == ThreadPool.SHARED, "library engines keep a pool per session");
    }

    private static String[] probe(String pool) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx512m",
                ThreadPoolProbe.class.getName(), pool)).redirectErrorStream(true);
        // the class path travels in the environment: ONNX Runtime dislikes long command lines (see ./nightshift)
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe did not finish");
        assertEquals(0, p.exitValue(), out);
        String[] lines = out.split("\n");
        return lines[lines.length - 1].trim().split(" ");
    }
}
