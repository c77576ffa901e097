package io.nightshift.client.page;

import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FinishedJob;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.client.store.ObjectStore;
import io.nightshift.client.store.StoreLocation;
import io.nightshift.client.testing.TestFleet;
import io.nightshift.protocol.Camera;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import io.nightshift.stack.browser.HeadlessChromium;
import io.nightshift.trainer.data.DarkRawFile;
import io.nightshift.trainer.noise.SensorCalibration;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page as the archive's viewer, end to end, in a real browser (Debian's headless Chromium) against the real
 * fleet ({@link TestFleet}: the shipped worker and dispatcher, the local stack): three files dropped on the page's
 * upload (a real camera RAW file, a dark DNG made from another real one ×100 with the trainer's sensor noise, and a
 * corrupt file) go from the browser straight to the store, byte for byte, and become a batch; the worker processes
 * it; both images appear finished in the gallery with their camera and estimated ratio; the dark one opens as a
 * comparison whose "before" is the dark input as shot and whose "after" is the network's result, brighter, and at
 * actual pixels the output itself at its full size; the corrupt upload appears under {@code DECODE_FAILED}.
 */
class PageUploadTest {
    private static final Duration SEEN = Duration.ofSeconds(60);
    /** Three jobs on the shared worker of a busy 2-core machine. */
    private static final Duration PROCESSED = Duration.ofMinutes(4);
    private static final Pattern BATCH = Pattern.compile("Uploaded 3 files: batch (\\S+)\\.");
    private static final String REAL = "RAW_CANON_D30_SRGB.CRW";
    private static final String DARK = "dark-nikon-d1-x100.dng";
    private static final String CORRUPT = "corrupt.NEF";
    private static final double DARK_RATIO = 100;

    @Test
    void uploadedFilesAreProcessedAndShownAsTheArchiveViewerPromises() throws Exception {
        Map<String, String> env = TestFleet.shared();
        FleetAddress address = FleetAddress.of(StackConfig.forLocalUse(Path.of(env.get("NIGHTSHIFT_STACK_DIR")), env),
                null, null, env);
        DispatcherClient dispatcher = new DispatcherClient(address);

        Path samples = StackHome.locate().shared().resolve("raw-samples");
        Path folder = Files.createDirectories(Path.of("target", "page-upload-" + System.nanoTime()));
        Path real = Files.copy(requireSample(samples.resolve(REAL)), folder.resolve(REAL));
        byte[] garbage = new byte[48 * 1024];
        new Random(5).nextBytes(garbage);
        Path corrupt = Files.write(folder.resolve(CORRUPT), garbage);
        Map<String, String> cameras;
        Path dark;
        int[] darkFrame;
        try (RawDecoder decoder = new RawDecoder()) {
            DecodedRaw bright = decoder.decode(Files.readAllBytes(requireSample(samples.resolve("RAW_NIKON_D1.NEF"))));
            SplittableRandom random = new SplittableRandom(3);
            dark = Files.write(folder.resolve(DARK), DarkRawFile.write(bright, DARK_RATIO,
                    SensorCalibration.SONY_A7S2.sample(random), random));
            DecodedRaw darkRaw = decoder.decode(Files.readAllBytes(dark));
            darkFrame = visibleSize(darkRaw);
            cameras = Map.of(REAL, label(decoder.decode(Files.readAllBytes(real))), DARK, label(darkRaw));
        }

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.navigate(dispatcher.base().toString());
            browser.sendKeys(browser.find("#upload-files"), real.toAbsolutePath() + "\n" + dark.toAbsolutePath()
                    + "\n" + corrupt.toAbsolutePath());
            String[] batchId = new String[1];
            HeadlessChromium.await("the upload's batch", SEEN, () -> {
                String status = browser.execute("return document.getElementById('upload-status').textContent")
                        .asText();
                assertTrue(!status.startsWith("Not uploaded"), status);
                Matcher m = BATCH.matcher(status);
                if (m.find()) {
                    batchId[0] = m.group(1);
                }
                return batchId[0] != null;
            });

            // processed: two images finished in the gallery, the corrupt one under its class
            HeadlessChromium.await("two finished images in the gallery", PROCESSED, () -> browser.execute(
                    "return document.querySelectorAll('#finished button.thumb:not([disabled])').length").asInt() == 2);
            HeadlessChromium.await("the corrupt upload under DECODE_FAILED", SEEN, () -> browser.execute(
                    "const c = document.querySelector('#failure-classes li[data-error-class=\"DECODE_FAILED\"]');"
                            + " return c ? c.textContent : '';").asText().startsWith("DECODE_FAILED 1 "));
            browser.screenshot(Path.of("target", "page-upload-gallery.png"));

            Map<String, FinishedJob> finished = dispatcher.finished(batchId[0]).stream().collect(Collectors.toMap(
                    job -> Path.of(job.sourceKey()).getFileName().toString(), job -> job));
            assertEquals(cameras.keySet(), finished.keySet(), "the two good uploads are done");
            String prefix = finished.get(REAL).sourceKey().substring(0, finished.get(REAL).sourceKey().length()
                    - REAL.length());
            assertTrue(prefix.matches("uploads/u-[0-9a-f]{24}/"), prefix);
            try (ObjectStore store = new ObjectStore(address)) {
                for (Path file : List.of(real, dark, corrupt)) {
                    assertArrayEquals(Files.readAllBytes(file), get(store, "nightshift-raw",
                            prefix + file.getFileName()), file.getFileName() + " is stored byte for byte");
                }
            }
            for (FinishedJob job : finished.values()) {
                String name = Path.of(job.sourceKey()).getFileName().toString();
                assertEquals(cameras.get(name), job.camera(), "the camera the worker read from " + name);
                assertEquals("estimated", job.ratioSource(), name);
                String thumb = "#finished button[data-job-id=\"" + job.jobId() + "\"]";
                assertTrue(browser.text(browser.find(thumb + " .camera")).startsWith(job.camera() + " · set "),
                        "the thumbnail names the camera and the model set");
                assertTrue(browser.text(browser.find(thumb + " .ratio")).startsWith("ratio ×"),
                        "the thumbnail names the ratio");
            }

            // the dark image: as shot before, the network's brighter result after
            FinishedJob shown = finished.get(DARK);
            assertTrue(shown.ratio() > DARK_RATIO / 3 && shown.ratio() < DARK_RATIO * 3,
                    "the estimated ratio of a ×100 frame: " + shown.ratio());
            browser.click(browser.find("#finished button[data-job-id=\"" + shown.jobId() + "\"]"));
            HeadlessChromium.await("the comparison open, the input as shot beside the result", SEEN, () -> browser
                    .execute("const b = document.getElementById('before'), a = document.getElementById('after');"
                            + "return document.getElementById('compare').open && b.dataset.view === 'shot'"
                            + " && b.src.startsWith('blob:') && b.complete && a.complete && b.naturalWidth > 0"
                            + " && a.naturalWidth > 0;").asBoolean());
            double shot = browser.meanImageLevel("before");
            double after = browser.meanImageLevel("after");
            BufferedImage inputPreview = ImageIO.read(new ByteArrayInputStream(dispatcher.image(
                    shown.inputPreview())));
            double expectedShot = asShotMean(inputPreview, shown.ratio());
            assertTrue(Math.abs(shot - expectedShot) < 2, "the 'before' is the worker's input preview brought down by"
                    + " the ratio: mean " + shot + ", expected " + expectedShot);
            assertTrue(after > 2 * shot && after - shot > 25, "the network's result (mean level " + after
                    + ") is brighter than the dark input as shot (" + shot + ")");
            assertTrue(browser.text(browser.find("#compare-camera")).startsWith(cameras.get(DARK) + " · set "));
            browser.screenshot(Path.of("target", "page-upload-compare.png"));

            // actual pixels: the output itself, at its full size, with the input drawn over the same size
            assertNotNull(shown.output(), "a JPEG output is shown at full size");
            byte[] output;
            try (ObjectStore store = new ObjectStore(address)) {
                output = get(store, "nightshift-results", shown.outputKey());
            }
            assertArrayEquals(output, dispatcher.image(shown.output()), "the dispatcher serves the output itself");
            BufferedImage full = ImageIO.read(new ByteArrayInputStream(output));
            assertEquals(darkFrame[0] + "x" + darkFrame[1], full.getWidth() + "x" + full.getHeight(),
                    "the output has the RAW file's visible frame size");
            browser.click(browser.find("#zoom"));
            String sizes = "const a = document.getElementById('after'), b = document.getElementById('before');"
                    + " return [a.complete && a.src.endsWith(arguments[0]), a.naturalWidth, a.naturalHeight,"
                    + " a.clientWidth, b.clientWidth, b.clientHeight].join(' ');";
            String expected = "true " + full.getWidth() + " " + full.getHeight() + " " + full.getWidth() + " "
                    + full.getWidth() + " " + full.getHeight();
            try {
                HeadlessChromium.await("the output at actual pixels", SEEN,
                        () -> browser.execute(sizes, shown.output()).asText().equals(expected));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + browser.execute(sizes, shown.output()).asText()
                        + ", expected " + expected);
            }
            assertTrue(Math.abs(browser.meanImageLevel("after") - after) < 6, "the full-size output is the result");

            // the other "before": amplified by the ratio with no network, the worker's own input preview
            browser.click(browser.find("input[name=\"before-view\"][value=\"amplified\"]"));
            HeadlessChromium.await("the amplified input", SEEN, () -> browser.execute(
                    "const b = document.getElementById('before');"
                            + " return b.dataset.view === 'amplified' && b.src.endsWith(arguments[0]) && b.complete;",
                    shown.inputPreview()).asBoolean());
        }
    }

    private static Path requireSample(Path file) {
        assertTrue(Files.isRegularFile(file), "the real camera RAW sample " + file + " is missing: the test needs "
                + "../shared/raw-samples beside the checkout");
        return file;
    }

    private static String label(DecodedRaw raw) {
        Camera camera = Camera.named(raw.capture().make(), raw.capture().model());
        assertNotNull(camera, "the sample names its camera");
        return camera.label();
    }

    /** Width and height of the visible frame as the worker writes it (turned by the file's orientation). */
    private static int[] visibleSize(DecodedRaw raw) {
        boolean turned = raw.metadata().orientation() == 5 || raw.metadata().orientation() == 6;
        return turned ? new int[]{raw.metadata().height(), raw.metadata().width()}
                : new int[]{raw.metadata().width(), raw.metadata().height()};
    }

    private static byte[] get(ObjectStore store, String bucket, String key) throws Exception {
        Path file = Files.createTempFile("page-upload-", ".bin");
        try {
            store.get(new StoreLocation(bucket, key), file);
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The mean level of the input preview divided by the ratio in linear light, computed here independently. */
    private static double asShotMean(BufferedImage image, double ratio) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    double c = ((rgb >> shift) & 0xff) / 255.0;
                    double linear = (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)) / ratio;
                    double encoded = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
                    sum += Math.round(255 * encoded);
                }
            }
        }
        return sum / (3.0 * image.getWidth() * image.getHeight());
    }
}
