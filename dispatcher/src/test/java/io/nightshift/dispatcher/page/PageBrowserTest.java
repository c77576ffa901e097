package io.nightshift.dispatcher.page;

import io.nightshift.dispatcher.testing.Api;
import io.nightshift.stack.browser.HeadlessChromium;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.ResultsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.dispatcher.testing.WorkerJobsTopic;
import io.nightshift.dispatcher.testing.WorkerProcess;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.SourceMetadata;
import io.nightshift.stack.StackHome;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page at {@code /} in a real browser (Debian's headless Chromium through chromedriver, see
 * {@link HeadlessChromium}) with the real worker behind it: a batch of two real camera RAW files and one corrupt
 * file shows up running with nothing done, its progress moves as the worker's results arrive (counts only grow),
 * it ends as finished with two images done and the corrupt one failed with the worker's own error class
 * ({@code DECODE_FAILED}) and reason, and one finished image opens as a before/after comparison whose two images
 * are the worker's JPEG previews, loaded by the browser through the dispatcher. The failure then shows under its
 * class with its count and reason, and "Retry failed jobs" on the page re-enqueues it: the worker fails it again as
 * attempt 2, which the table shows.
 *
 * <p>The worker is the shipped artifact ({@link WorkerProcess}: {@code worker/target/quarkus-app/quarkus-run.jar},
 * a JVM of its own) against this JVM's stack, with the repository's default model set. It consumes a jobs topic
 * of this test's own ({@link WorkerJobsTopic}), so it sees only this batch, and reports on the protocol's results
 * topic, which the dispatcher follows. It starts only once the browser has seen the batch running with nothing
 * done, so that this first state is not a race. The RAW files are read from {@code ../shared/raw-samples} beside
 * the checkout; the test fails, never skips, without them or without the worker's artifact, and a failure carries
 * the worker's log.
 *
 * <p>The samples are ordinary exposures: the worker estimates a ratio near 1, and its "before" (the input rendered
 * with that ratio and no network) is about as bright as its "after". So instead of "dark before, bright after" the
 * test checks that each side is exactly the preview the worker uploaded and reported (the dispatcher serves the
 * same bytes; the browser decoded an image of their size and mean level), that both are photographs, and that the
 * two differ.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(PageBrowserTest.WithWorker.class)
class PageBrowserTest {
    private static final Duration SEEN = Duration.ofSeconds(30);
    /** The worker's start (model set published and loaded) and three jobs on a busy 2-core machine. */
    private static final Duration BATCH = Duration.ofMinutes(3);
    private static final List<String> SAMPLES = List.of("RAW_CANON_D30_SRGB.CRW", "RAW_NIKON_D1.NEF");
    private static final String CORRUPT = "corrupt.NEF";
    private static final String SHOWN = "RAW_NIKON_D1.NEF";
    private static final String WORKER_ID = "page-browser";

    /** The dispatcher publishes this test's jobs on the worker's own jobs topic. */
    public static class WithWorker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WorkerJobsTopic.class));
        }

        /** The fleet panel reads the test worker's own group ({@link WorkerProcess}: nightshift-workers-ID). */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nightshift.dispatcher.fleet.worker-group", "nightshift-workers-" + WORKER_ID);
        }
    }

    @TestHTTPResource("/")
    URL page;

    @Test
    void aBatchOfRealRawFilesProgressesToFinishedAndOneImageOpensAsTheWorkersBeforeAndAfter() throws Exception {
        Path samples = StackHome.locate().shared().resolve("raw-samples");
        String prefix = S3Fixtures.uniquePrefix("page");
        for (String name : SAMPLES) {
            Path file = samples.resolve(name);
            assertTrue(Files.isRegularFile(file), "the real camera RAW sample " + file + " is missing: the page test "
                    + "needs ../shared/raw-samples beside the checkout");
            // one sample declares a true ratio, as the demo's dark versions do: the page shows it beside the estimate
            S3Fixtures.put(S3Fixtures.RAW_BUCKET, prefix + name, Files.readAllBytes(file), "application/octet-stream",
                    name.equals(SHOWN) ? Map.of(SourceMetadata.TRUE_RATIO, "1") : Map.of());
        }
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, prefix + CORRUPT, garbage);

        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                "outputPrefix", prefix, "format", "jpeg"), 202);
        assertEquals(3, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        Map<String, Job> jobs = JobsTopic.read(WorkerJobsTopic.NAME, job -> job.batchId().equals(batchId)).stream()
                .collect(Collectors.toMap(job -> job.source().key().substring(prefix.length()), Function.identity(),
                        (a, b) -> a));
        assertEquals(3, jobs.size(), "one job per object: " + jobs.keySet());
        Job corrupt = jobs.get(CORRUPT);
        Job shown = jobs.get(SHOWN);

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.navigate(page.toString());
            String row = "tr[data-batch-id=\"" + batchId + "\"]";
            HeadlessChromium.await("the batch running with 0 done", SEEN,
                    () -> "running".equals(rowValue(browser, row, "dataset.phase"))
                            && "0".equals(rowCell(browser, row, "done")));
            browser.click(browser.find(row + " button"));
            HeadlessChromium.await("the batch's detail", SEEN,
                    () -> browser.execute("return !document.getElementById('detail').hidden").asBoolean());

            try (WorkerProcess worker = WorkerProcess.start(WORKER_ID, WorkerJobsTopic.NAME)) {
                try {
                    List<String> seen = followToFinished(browser, row, worker);
                    assertEquals("finished 2 done 1 failed 0 queued", seen.get(seen.size() - 1), "states seen: " + seen);

                    // what the worker reported, as the results topic holds it
                    List<JobResult> results = ResultsTopic.ofBatch(batchId);
                    assertEquals(3, results.size(), "one result per job: " + results);
                    String setVersion = ProtocolJson.readModelSet(Files.readAllBytes(StackHome.locate().root()
                            .resolve("models/default/manifest.json"))).setVersion();
                    for (JobResult result : results) {
                        assertEquals(worker.id(), result.workerId(), "every result is the real worker's: " + result);
                        assertEquals(result.jobId().equals(corrupt.jobId()) ? JobStatus.FAILED : JobStatus.DONE,
                                result.status(), result.toString());
                        if (result.status() == JobStatus.DONE) {
                            assertEquals(setVersion, result.modelSet(), "the default model set did the work");
                        }
                    }
                    JobResult failure = result(results, corrupt);
                    assertEquals(ErrorClass.DECODE_FAILED.name(), failure.errorClass(), failure.toString());
                    assertTrue(failure.reason() != null && !failure.reason().isBlank(), failure.toString());

                    HeadlessChromium.await("the failure with the worker's class and reason", SEEN, () -> browser
                            .execute("const r = document.querySelector('#failures tbody tr[data-job-id=\"'"
                                    + " + arguments[0] + '\"]'); return r ? r.textContent : '';", corrupt.jobId())
                            .asText().contains(ErrorClass.DECODE_FAILED.name())
                            && browser.execute("return document.querySelector('#failures tbody').textContent")
                            .asText().contains(failure.reason()));
                    HeadlessChromium.await("two finished images", SEEN, () -> browser.execute(
                            "return document.querySelectorAll('#finished button.thumb:not([disabled])').length")
                            .asInt() == 2);
                    HeadlessChromium.await("the fleet panel: the real worker alive, serving the default set", SEEN,
                            () -> browser.execute("const r = document.querySelector('#fleet tbody tr[data-worker-id=\"'"
                                    + " + arguments[0] + '\"]'); return r ? [...r.cells].map(c => c.textContent)"
                                    + ".join('|') : '';", worker.id()).asText()
                                    .startsWith(worker.id() + "|alive|" + setVersion + "|"));
                    browser.screenshot(Path.of("target", "page-batch.png"));

                    browser.click(browser.find("#finished button[data-job-id=\"" + shown.jobId() + "\"]"));
                    HeadlessChromium.await("the comparison open with both previews loaded", SEEN, () -> browser.execute(
                            "const b = document.getElementById('before'), a = document.getElementById('after');"
                                    + "return document.getElementById('compare').open && b.complete && a.complete"
                                    + " && b.naturalWidth > 0 && a.naturalWidth > 0;").asBoolean());
                    assertEquals(shown.source().key(), browser.text(browser.find("#compare-title")));
                    JobResult shownResult = result(results, shown);
                    assertEquals(String.format(Locale.ROOT, "ratio ×%s estimated · true ×1.0",
                                    formatRatio(shownResult.ratio())), browser.text(browser.find("#compare-ratio")),
                            "the worker's estimate beside the source's declared true ratio");
                    String stages = browser.text(browser.find("#compare-stages"));
                    assertFalse(shownResult.stageMs().isEmpty(), "the worker reports its stage timings");
                    shownResult.stageMs().forEach((stage, ms) -> assertTrue(stages.contains(stage.wireName() + " "),
                            stage + " missing from: " + stages));
                    assertTrue(stages.endsWith(" in all"), stages);
                    browser.screenshot(Path.of("target", "page-compare.png"));

                    // actual pixels: the JPEG output itself at full size, the "before" drawn over the same size
                    browser.click(browser.find("#zoom"));
                    String output = "/api/jobs/" + shown.jobId() + "/output";
                    String sizes = "const a = document.getElementById('after'), b = document.getElementById('before');"
                            + " return [a.src.endsWith(arguments[0]) && a.complete, a.clientWidth, a.naturalWidth,"
                            + " b.clientWidth, b.clientHeight, a.naturalHeight,"
                            + " document.getElementById('zoom').getAttribute('aria-pressed')].join(' ');";
                    BufferedImage full = ImageIO.read(new ByteArrayInputStream(S3Fixtures.get(
                            shown.output().bucket(), shown.output().key())));
                    try {
                        HeadlessChromium.await("the output at its actual pixels", Duration.ofSeconds(20), () -> {
                            String[] v = browser.execute(sizes, output).asText().split(" ");
                            return v[0].equals("true") && v[1].equals(v[2]) && v[3].equals(v[2]) && v[4].equals(v[5])
                                    && v[2].equals(Integer.toString(full.getWidth())) && v[6].equals("true");
                        });
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + " (output shown, client/natural width of the "
                                + "after, client width and height of the before, natural height of the after, "
                                + "pressed: " + browser.execute(sizes, output).asText() + "; output "
                                + full.getWidth() + "x" + full.getHeight() + ")");
                    }
                    browser.click(browser.find("#zoom"));
                    browser.click(browser.find("input[name=\"before-view\"][value=\"amplified\"]"));
                    HeadlessChromium.await("the input amplified with no network", SEEN, () -> browser.execute(
                            "const b = document.getElementById('before'); return b.dataset.view === 'amplified'"
                                    + " && b.src.endsWith('/previews/input') && b.complete && b.naturalWidth > 0;")
                            .asBoolean());

                    JobResult done = result(results, shown);
                    byte[] before = assertWorkersPreview(browser, "before", shown, done, JobResult.PREVIEW_INPUT);
                    byte[] after = assertWorkersPreview(browser, "after", shown, done, JobResult.PREVIEW_RESULT);
                    assertFalse(Arrays.equals(before, after), "the two sides are two different previews");

                    // a refresh later the row still says so in words (not only in its data attribute)
                    String status = browser.execute("return document.getElementById('status').textContent").asText();
                    HeadlessChromium.await("another refresh", SEEN, () -> !status.equals(
                            browser.execute("return document.getElementById('status').textContent").asText()));
                    assertEquals("finished", rowCell(browser, row, "state"));

                    // failures grouped by class, and retried from the page: the worker fails the corrupt file again,
                    // as its second attempt
                    browser.execute("document.getElementById('compare').close()");
                    String decodeFailed = "#failure-classes li[data-error-class=\"DECODE_FAILED\"]";
                    HeadlessChromium.await("the DECODE_FAILED class with its count and reason", SEEN, () -> browser
                            .execute("const c = document.querySelector(arguments[0]); return c ? c.textContent : '';",
                                    decodeFailed).asText().startsWith("DECODE_FAILED 1 " + failure.reason()));
                    browser.click(browser.find("#retry-failed"));
                    HeadlessChromium.await("the retry's answer", SEEN, () -> browser
                            .execute("return document.getElementById('retry-status').textContent").asText()
                            .equals("1 failed job re-enqueued."));
                    HeadlessChromium.await("the corrupt file failed again, as attempt 2", BATCH, () -> browser
                            .execute("const r = document.querySelector('#failures tbody tr[data-job-id=\"'"
                                    + " + arguments[0] + '\"]'); return r ? r.cells[3].textContent : '';",
                                    corrupt.jobId()).asText().equals("2"));
                    assertEquals(List.of(1, 2), ResultsTopic.ofBatch(batchId).stream()
                            .filter(r -> r.jobId().equals(corrupt.jobId())).map(JobResult::attempt).sorted().toList());
                    browser.click(browser.find(decodeFailed + " button"));
                    HeadlessChromium.await("the table filtered to the class", SEEN, () -> browser.execute(
                            "return document.querySelector(arguments[0] + ' button').getAttribute('aria-pressed')",
                            decodeFailed).asText().equals("true"));
                    browser.screenshot(Path.of("target", "page-failures.png"));
                } catch (AssertionError | Exception e) {
                    throw worker.withLog(e);
                }
            }
        }
    }

    /**
     * Watches the batch's row until it is finished, the worker alive throughout; the distinct states seen, in
     * order. Counts only grow and queued only shrinks.
     */
    private static List<String> followToFinished(HeadlessChromium browser, String row, WorkerProcess worker)
            throws Exception {
        List<String> seen = new ArrayList<>();
        int[] last = {0, 0, Integer.MAX_VALUE};
        long deadline = System.nanoTime() + BATCH.toNanos();
        while (true) {
            worker.requireAlive();
            String phase = rowValue(browser, row, "dataset.phase");
            int[] counts = {count(rowCell(browser, row, "done")), count(rowCell(browser, row, "failed")),
                    count(rowCell(browser, row, "queued"))};
            String state = phase + " " + counts[0] + " done " + counts[1] + " failed " + counts[2] + " queued";
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
                assertTrue(counts[0] >= last[0] && counts[1] >= last[1] && counts[2] <= last[2],
                        "progress went back: " + seen);
                last = counts;
            }
            if ("finished".equals(phase)) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BATCH.toSeconds() + " s: the batch finished; states seen: "
                        + seen);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Checks that the image on one side is the worker's preview of that role: the dispatcher serves exactly the
     * bytes the worker uploaded, they are a photograph (not a flat or clipped fill), and the browser decoded an
     * image of their size and mean level. Returns the bytes.
     */
    private static byte[] assertWorkersPreview(HeadlessChromium browser, String side, Job job, JobResult result,
                                               String role) throws Exception {
        String url = "/api/jobs/" + job.jobId() + "/previews/" + role;
        assertTrue(browser.execute("return document.getElementById(arguments[0]).src", side).asText().endsWith(url),
                side + " shows " + url);
        String key = result.previewKeys().get(role);
        assertNotNull(key, "the worker reported a " + role + " preview: " + result);
        byte[] uploaded = S3Fixtures.get(job.output().bucket(), key);
        byte[] served = given().when().get(url).then().statusCode(200).contentType("image/jpeg")
                .extract().asByteArray();
        assertArrayEquals(uploaded, served, "the dispatcher serves the worker's " + role + " preview " + key);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(uploaded));
        assertNotNull(image, "the worker's " + role + " preview is a JPEG");
        int width = browser.execute("return document.getElementById(arguments[0]).naturalWidth", side).asInt();
        int height = browser.execute("return document.getElementById(arguments[0]).naturalHeight", side).asInt();
        assertEquals(image.getWidth() + "x" + image.getHeight(), width + "x" + height, side + " side's size");
        double[] stats = meanAndDeviation(image);
        assertTrue(stats[0] > 20 && stats[0] < 235 && stats[1] > 10, "the " + role + " preview is a photograph: "
                + "mean level " + stats[0] + ", standard deviation " + stats[1]);
        double shown = browser.meanImageLevel(side);
        assertTrue(Math.abs(shown - stats[0]) < 3, side + " side's mean level " + shown + " is the " + role
                + " preview's " + stats[0]);
        return uploaded;
    }

    /** As the page writes a ratio: whole above 10, one decimal below. */
    private static String formatRatio(double ratio) {
        return ratio >= 10 ? String.format(Locale.ROOT, "%.0f", ratio) : String.format(Locale.ROOT, "%.1f", ratio);
    }

    private static JobResult result(List<JobResult> results, Job job) {
        return results.stream().filter(r -> r.jobId().equals(job.jobId())).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + job.source().key() + ": " + results));
    }

    private static int count(String cell) {
        return cell == null || cell.isBlank() ? 0 : Integer.parseInt(cell.replaceAll("[^0-9]", ""));
    }

    private static String rowValue(HeadlessChromium browser, String row, String property) throws Exception {
        return browser.execute("const r = document.querySelector(arguments[0]); return r ? String(r."
                + property + ") : null;", row).asText(null);
    }

    private static String rowCell(HeadlessChromium browser, String row, String cellClass) throws Exception {
        return browser.execute("const c = document.querySelector(arguments[0] + ' td.' + arguments[1]);"
                + " return c ? c.textContent : null;", row, cellClass).asText(null);
    }

    /** The mean RGB level and its standard deviation over all samples, as Java's own JPEG decoder sees them. */
    private static double[] meanAndDeviation(BufferedImage image) {
        double sum = 0;
        double squares = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int v = (rgb >> shift) & 0xff;
                    sum += v;
                    squares += (double) v * v;
                }
            }
        }
        double n = 3.0 * image.getWidth() * image.getHeight();
        double mean = sum / n;
        return new double[]{mean, Math.sqrt(Math.max(0, squares / n - mean * mean))};
    }
}
