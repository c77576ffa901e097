package io.nightshift.dispatcher.page;

import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.HeadlessChromium;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.Previews;
import io.nightshift.dispatcher.testing.ResultsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page at {@code /} in a real browser (Debian's headless Chromium through chromedriver, see
 * {@link HeadlessChromium}): a batch of four RAW objects shows up running, its progress moves as results arrive
 * (one failure with its reason, three done), it ends as finished, and one finished image opens as a before/after
 * comparison whose two JPEG previews load through the dispatcher, the dark one on the "before" side.
 *
 * <p>The worker service is not ready yet, so this test plays the worker's part at its seam: it uploads real JPEG
 * preview bytes to the real S3 server and publishes genuine protocol-v1 {@code JobResult} events on the real results
 * topic. The end-to-end demo issue replaces that part with the real worker.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PageBrowserTest {
    private static final Duration SEEN = Duration.ofSeconds(30);
    private static final int WIDTH = 96;
    private static final int HEIGHT = 64;

    @TestHTTPResource("/")
    URL page;

    @Test
    void aBatchProgressesToFinishedAndOneImageOpensAsBeforeAndAfter() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("page");
        Map<String, Integer> objects = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            objects.put(prefix + "night-" + i + ".NEF", 0);
        }
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, objects);
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                "format", "jpeg"), 202);
        assertEquals(4, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        List<Job> jobs = JobsTopic.ofBatch(batchId).stream()
                .collect(Collectors.toMap(Job::jobId, job -> job, (a, b) -> a)).values().stream()
                .sorted(Comparator.comparing(job -> job.source().key())).toList();
        assertEquals(4, jobs.size());

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.navigate(page.toString());
            String row = "tr[data-batch-id=\"" + batchId + "\"]";
            HeadlessChromium.await("the batch running with 0 done", SEEN,
                    () -> "running".equals(rowValue(browser, row, "dataset.phase"))
                            && "0".equals(rowCell(browser, row, "done")));
            browser.click(browser.find(row + " button"));
            HeadlessChromium.await("the batch's detail", SEEN,
                    () -> browser.execute("return !document.getElementById('detail').hidden").asBoolean());

            // the worker's part: one image done with previews, one failed
            worker(jobs.get(0));
            ResultsTopic.publish(ResultsTopic.failed(jobs.get(1), 1, ErrorClass.DECODE_FAILED,
                    "LibRaw: data corrupted at offset 4096"));
            HeadlessChromium.await("1 done and 1 failed, still running", SEEN,
                    () -> "1".equals(rowCell(browser, row, "done")) && "1".equals(rowCell(browser, row, "failed"))
                            && "running".equals(rowValue(browser, row, "dataset.phase")));
            HeadlessChromium.await("the failure with its class and reason", SEEN, () -> browser.execute(
                    "const r = document.querySelector('#failures tbody tr[data-job-id=\"' + arguments[0] + '\"]');"
                            + "return r ? r.textContent : '';", jobs.get(1).jobId()).asText()
                    .contains("DECODE_FAILED") && browser.execute("return document.querySelector('#failures tbody')"
                    + ".textContent").asText().contains("LibRaw: data corrupted at offset 4096"));

            worker(jobs.get(2));
            worker(jobs.get(3));
            HeadlessChromium.await("the batch finished with 3 done", SEEN,
                    () -> "finished".equals(rowValue(browser, row, "dataset.phase"))
                            && "3".equals(rowCell(browser, row, "done")) && "0".equals(rowCell(browser, row, "queued")));
            HeadlessChromium.await("three finished images", SEEN,
                    () -> browser.execute("return document.querySelectorAll('#finished button.thumb:not([disabled])')"
                            .concat(".length")).asInt() == 3);

            assertTrue(browser.execute("return getComputedStyle(document.getElementById('finished-pages')).display")
                    .asText().equals("none"), "one page of finished images needs no pager");
            browser.screenshot(java.nio.file.Path.of("target", "page-batch.png"));
            Job shown = jobs.get(2);
            browser.click(browser.find("#finished button[data-job-id=\"" + shown.jobId() + "\"]"));
            HeadlessChromium.await("the comparison open with both previews loaded", SEEN, () -> browser.execute(
                    "const b = document.getElementById('before'), a = document.getElementById('after');"
                            + "return document.getElementById('compare').open && b.complete && a.complete"
                            + " && b.naturalWidth === arguments[0] && a.naturalWidth === arguments[0];", WIDTH)
                    .asBoolean());
            assertEquals(shown.source().key(), browser.text(browser.find("#compare-title")));
            browser.screenshot(java.nio.file.Path.of("target", "page-compare.png"));
            double before = meanLevel(browser, "before");
            double after = meanLevel(browser, "after");
            assertTrue(before < 40, "the before side is the dark input's rendering, mean level " + before);
            assertTrue(after > 150, "the after side is the enhanced result, mean level " + after);
            assertTrue(browser.execute("return document.getElementById('before').src").asText()
                    .endsWith("/api/jobs/" + shown.jobId() + "/previews/input"));
            // a refresh later the row still says so in words (not only in its data attribute)
            String status = browser.execute("return document.getElementById('status').textContent").asText();
            HeadlessChromium.await("another refresh", SEEN, () -> !status.equals(
                    browser.execute("return document.getElementById('status').textContent").asText()));
            assertEquals("finished", rowCell(browser, row, "state"));
        }
    }

    /** Uploads the two JPEG previews of a done job and publishes its DONE result, as the worker does. */
    private static void worker(Job job) {
        String input = job.output().key() + ".input.jpg"; // the worker's default suffixes
        String result = job.output().key() + ".preview.jpg";
        Previews.put(job.output().bucket(), input, Previews.jpeg(WIDTH, HEIGHT, 18));
        Previews.put(job.output().bucket(), result, Previews.jpeg(WIDTH, HEIGHT, 200));
        ResultsTopic.publish(ResultsTopic.doneWithPreviews(job, 1, input, result));
    }

    private static String rowValue(HeadlessChromium browser, String row, String property) throws Exception {
        return browser.execute("const r = document.querySelector(arguments[0]); return r ? String(r."
                + property + ") : null;", row).asText(null);
    }

    private static String rowCell(HeadlessChromium browser, String row, String cellClass) throws Exception {
        return browser.execute("const c = document.querySelector(arguments[0] + ' td.' + arguments[1]);"
                + " return c ? c.textContent : null;", row, cellClass).asText(null);
    }

    /** The image's mean RGB level (0–255) as the browser decoded it. */
    private static double meanLevel(HeadlessChromium browser, String id) throws Exception {
        return browser.execute("const img = document.getElementById(arguments[0]);"
                + "const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
                + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                + "const d = g.getImageData(0, 0, c.width, c.height).data; let s = 0;"
                + "for (let i = 0; i < d.length; i += 4) { s += d[i] + d[i + 1] + d[i + 2]; }"
                + "return s / (d.length / 4 * 3);", id).asDouble();
    }
}
