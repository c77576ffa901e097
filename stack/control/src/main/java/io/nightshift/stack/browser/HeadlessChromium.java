package io.nightshift.stack.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through Debian's chromedriver with the W3C WebDriver protocol, spoken
 * directly over HTTP with the JDK's client and Jackson: the handful of commands a page test needs (navigate,
 * find, click, text, execute script), no Selenium on the classpath and nothing that could try to download a
 * browser or a driver. {@link #close()} ends the session and the driver process with its children.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** chromedriver's own output, kept for a failed run (the module's target folder). */
    private static final Path DRIVER_LOG = Path.of("target", "chromedriver.log");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process driver;
    private final Path profile;
    private final String base;
    private String session;

    private HeadlessChromium(Process driver, Path profile, int port) {
        this.driver = driver;
        this.profile = profile;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts chromedriver and a headless Chromium session; fails (never skips) when either is not installed. */
    public static HeadlessChromium start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError(CHROMIUM + " and " + CHROMEDRIVER + " are required for the page tests: install "
                    + "Debian's chromium and chromium-driver (./nightshift setup does)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path profile = Files.createTempDirectory("nightshift-chromium-");
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(DRIVER_LOG.toFile())
                .start();
        HeadlessChromium browser = new HeadlessChromium(driver, profile, port);
        try {
            browser.awaitDriver();
            browser.newSession();
        } catch (Exception | AssertionError e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    public void navigate(String url) throws Exception {
        command("POST", "/url", JSON.createObjectNode().put("url", url));
    }

    /** The first element matching the CSS selector, or null. */
    public String find(String css) throws Exception {
        JsonNode answer = send("POST", "/session/" + session + "/element",
                JSON.createObjectNode().put("using", "css selector").put("value", css));
        JsonNode value = answer.path("value");
        if (value.has("error")) {
            if ("no such element".equals(value.path("error").asText())) {
                return null;
            }
            throw new IllegalStateException("find " + css + ": " + value);
        }
        return value.path(ELEMENT).asText();
    }

    public void click(String element) throws Exception {
        command("POST", "/element/" + element + "/click", JSON.createObjectNode());
    }

    /** Types into an element; for a file input, the text is the file's path (several: one per line). */
    public void sendKeys(String element, String text) throws Exception {
        command("POST", "/element/" + element + "/value", JSON.createObjectNode().put("text", text));
    }

    public String text(String element) throws Exception {
        return command("GET", "/element/" + element + "/text", null).asText();
    }

    /** Runs a script in the page ({@code arguments[0]}… are the args) and returns its value as JSON. */
    public JsonNode execute(String script, Object... args) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.set("args", JSON.valueToTree(List.of(args)));
        return command("POST", "/execute/sync", body);
    }

    /** The mean RGB level (0–255) of the image element {@code id} as the browser decoded it (a canvas read-back). */
    public double meanImageLevel(String id) throws Exception {
        return execute("const img = document.getElementById(arguments[0]);"
                + "const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
                + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                + "const d = g.getImageData(0, 0, c.width, c.height).data; let s = 0;"
                + "for (let i = 0; i < d.length; i += 4) { s += d[i] + d[i + 1] + d[i + 2]; }"
                + "return s / (d.length / 4 * 3);", id).asDouble();
    }

    /** Saves a PNG of the viewport (for a person reviewing the page; the module's target folder). */
    public void screenshot(Path file) throws Exception {
        Files.write(file, java.util.Base64.getDecoder().decode(command("GET", "/screenshot", null).asText()));
    }

    /** Polls the condition every 100 ms until it holds, failing with the description after the timeout. */
    public static void await(String description, Duration timeout, Check condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + description);
            }
            Thread.sleep(100);
        }
    }

    /** A condition that may talk to the browser. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                send("DELETE", "/session/" + session, null);
            }
        } catch (Exception e) {
            // the driver is ended below either way
        } finally {
            session = null;
            List<ProcessHandle> children = driver.descendants().toList();
            driver.destroy();
            children.forEach(ProcessHandle::destroy);
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            deleteQuietly(profile);
        }
    }

    private void awaitDriver() throws Exception {
        await("chromedriver ready on " + base, Duration.ofSeconds(20), () -> {
            if (!driver.isAlive()) {
                throw new AssertionError("chromedriver exited with " + driver.exitValue());
            }
            try {
                return send("GET", "/status", null).path("value").path("ready").asBoolean();
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void newSession() throws Exception {
        ObjectNode options = JSON.createObjectNode().put("binary", CHROMIUM.toString());
        options.set("args", JSON.valueToTree(List.of("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile)));
        ObjectNode always = JSON.createObjectNode().put("browserName", "chrome");
        always.set("goog:chromeOptions", options);
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").set("alwaysMatch", always);
        JsonNode answer = send("POST", "/session", capabilities);
        session = answer.path("value").path("sessionId").asText(null);
        if (session == null) {
            throw new IllegalStateException("chromedriver refused a session: " + answer);
        }
    }

    private JsonNode command(String method, String path, JsonNode body) throws Exception {
        JsonNode value = send(method, "/session/" + session + path, body).path("value");
        if (value.isObject() && value.has("error")) {
            throw new IllegalStateException(method + " " + path + ": " + value.path("error").asText() + ": "
                    + value.path("message").asText());
        }
        return value;
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
