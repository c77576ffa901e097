package io.nightshift.client.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.client.testing.Captured;
import io.nightshift.client.testing.TestFleet;
import io.nightshift.stack.StackHome;
import io.nightshift.stack.StackProbe;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./nightshift demo --exit --small} as a user runs it, on a fresh fleet of its own (free ports, a temporary
 * stack folder): it starts the stack, the real worker and the real dispatcher, sends a real sample and two dark
 * versions through them, downloads the results, and stops everything it started.
 */
class DemoCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // the bound for the small demo is 2 minutes; a hang fails here
    void theSmallDemoRunsThroughTheRealFleetAndLeavesNothingBehind() throws Exception {
        Map<String, String> env = TestFleet.freshEnvironment(dir);
        Path out = dir.resolve("demo-output");
        Captured stdout = new Captured();
        Captured stderr = new Captured();
        Set<Long> before = children();

        int code = new DemoCli(stdout.stream(), stderr.stream(), env).run(new String[] {"--exit", "--small", "--out",
                out.toString()}, false);

        String log = "\n--- stdout ---\n" + stdout.text() + "--- stderr ---\n" + stderr.text();
        assertEquals(0, code, log);
        JsonNode last = JSON.readTree(stdout.lastLine());
        assertEquals(3, last.path("images").asInt(), log);
        assertEquals(3, last.path("done").asInt(), log);
        assertEquals(0, last.path("failed").asInt(), log);
        assertTrue(last.path("seconds").asDouble() > 0, log);
        assertEquals(out.toAbsolutePath().normalize().toString(), last.path("output_dir").asText());
        assertTrue(last.path("page").asText().matches("http://127\\.0\\.0\\.1:"
                + env.get("NIGHTSHIFT_DISPATCHER_PORT") + "/#batch=.+"), last.toString());

        // every image came back as a JPEG of its frame's size (the Kodak DC50: 768 × 512)
        for (String name : List.of("RAW_KODAK_DC50.KDC.jpg", "RAW_KODAK_DC50_x50.dng.jpg", "RAW_KODAK_DC50_x200.dng.jpg")) {
            BufferedImage image = ImageIO.read(out.resolve(name).toFile());
            assertNotNull(image, name + " is a readable image" + log);
            assertEquals(768, image.getWidth(), name);
            assertEquals(512, image.getHeight(), name);
        }
        BufferedImage sheet = ImageIO.read(out.resolve("before-after.jpg").toFile());
        assertNotNull(sheet, "the before/after sheet");

        // the page's data: each image's estimate beside the true ratio the object declares
        Map<String, JsonNode> items = new HashMap<>();
        JSON.readTree(out.resolve("summary.json").toFile()).forEach(item -> items.put(item.path("image").asText(), item));
        assertEquals(Set.of("RAW_KODAK_DC50.KDC", "RAW_KODAK_DC50_x50.dng", "RAW_KODAK_DC50_x200.dng"), items.keySet());
        for (JsonNode item : items.values()) {
            assertEquals(item.path("true_ratio").asDouble(), item.path("page_true_ratio").asDouble(), 1e-9,
                    "the dispatcher reads the true ratio from the object's metadata: " + item);
            assertEquals("estimated", item.path("ratio_source").asText(), item.toString());
        }
        double original = items.get("RAW_KODAK_DC50.KDC").path("ratio").asDouble();
        double x50 = items.get("RAW_KODAK_DC50_x50.dng").path("ratio").asDouble();
        double x200 = items.get("RAW_KODAK_DC50_x200.dng").path("ratio").asDouble();
        assertTrue(original < x50 && x50 < x200, "darker versions get larger estimates: " + original + ", " + x50
                + ", " + x200);
        for (double[] pair : new double[][] {{x50, 50}, {x200, 200}}) {
            double stops = Math.abs(Math.log(pair[0] / pair[1]) / Math.log(2));
            assertTrue(stops < 1.5, "the estimate " + pair[0] + " is within 1.5 stops of the true ×" + pair[1]);
        }

        // --exit: the stack, the worker and the dispatcher it started are gone
        for (String service : List.of("stack", "worker", "dispatcher")) {
            assertTrue(stderr.text().contains("starting the " + (service.equals("stack") ? "local stack" : service)), log);
        }
        assertFalse(StackProbe.status(Path.of(env.get("NIGHTSHIFT_STACK_DIR"))).stream()
                .anyMatch(StackProbe.ServiceStatus::running), "the stack it started is stopped" + log);
        String workerLog = Files.readString(Path.of(env.get("NIGHTSHIFT_STACK_DIR"), "logs", "worker.log"));
        assertTrue(workerLog.contains("job consumer stopped") && workerLog.contains("nightshift-worker stopped"),
                "the worker was stopped gracefully (left its consumer group), not halted:\n" + workerLog);
        Set<Long> left = children();
        left.removeAll(before);
        assertEquals(Set.of(), left, "no process it started is left" + log);
    }

    private static Set<Long> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    /**
     * Without {@code --exit} the demo keeps the fleet up (the page stays reachable) until it is stopped — Ctrl-C or
     * SIGTERM, the same shutdown — and then stops everything it started. Run as its own JVM, as the launcher runs it.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void withoutExitTheFleetStaysUpUntilTheDemoIsStoppedThenNothingIsLeft() throws Exception {
        Map<String, String> env = TestFleet.freshEnvironment(dir);
        Path root = StackHome.locate().root();
        String classPath = root.resolve("client/target/classes") + java.io.File.pathSeparator
                + Files.readString(root.resolve("client/target/classpath.txt")).strip();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dnightshift.home=" + root, "io.nightshift.client.demo.DemoCli", "--small", "--out",
                dir.resolve("out").toString()).redirectErrorStream(true);
        builder.environment().put("CLASSPATH", classPath); // a short command line, as the launcher does it
        builder.environment().putAll(env);
        Process demo = builder.start();
        StringBuilder output = new StringBuilder();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(demo.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (line.contains("the fleet stays up")) {
                    break;
                }
            }
            assertTrue(output.toString().contains("the fleet stays up"), "the demo ended early:\n" + output);
            String dispatcher = "http://127.0.0.1:" + env.get("NIGHTSHIFT_DISPATCHER_PORT");
            assertEquals(200, io.nightshift.client.fleet.LocalService.status(java.net.URI.create(dispatcher + "/q/health/ready")),
                    "the page's dispatcher stays up after the results are in");

            demo.toHandle().destroy(); // SIGTERM: the shutdown Ctrl-C starts
            assertTrue(demo.waitFor(90, TimeUnit.SECONDS), "the demo stops within 90 s:\n" + output);
            lines.lines().forEach(rest -> output.append(rest).append('\n'));
            assertEquals(0, io.nightshift.client.fleet.LocalService.status(java.net.URI.create(dispatcher + "/q/health/ready")),
                    "the dispatcher it started is gone:\n" + output);
            assertFalse(StackProbe.status(Path.of(env.get("NIGHTSHIFT_STACK_DIR"))).stream()
                    .anyMatch(StackProbe.ServiceStatus::running), "the stack it started is stopped:\n" + output);
        } finally {
            demo.destroyForcibly();
        }
    }

    @Test
    void refusesAnUnknownOption() {
        Captured stderr = new Captured();
        assertEquals(2, new DemoCli(new Captured().stream(), stderr.stream(), Map.of()).run(new String[] {"--fast"}, false));
        assertTrue(stderr.text().contains("unknown option --fast"), stderr.text());
    }

    @Test
    void darkVersionsAreNamedByTheirRatio() {
        assertEquals("RAW_NIKON_D1_x300.dng", DemoSet.darkName("RAW_NIKON_D1.NEF", 300));
        assertTrue(Files.exists(Path.of(System.getProperty("nightshift.home", "..")).resolve("../shared/raw-samples")
                .normalize()), "the real samples must be beside the checkout");
    }
}
