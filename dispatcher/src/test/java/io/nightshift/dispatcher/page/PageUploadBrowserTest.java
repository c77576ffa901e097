package io.nightshift.dispatcher.page;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.nightshift.dispatcher.testing.HeadlessChromium;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.protocol.Job;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.StackHome;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upload from the page in a real browser: two files chosen in the page's file input (a real camera RAW file and a
 * corrupt one) go from the browser straight to the S3 server through the URLs the dispatcher signed (a cross-origin
 * PUT each), become a new batch that the page then shows, and are stored byte for byte. (The worker's processing of
 * what is uploaded is {@code PageBrowserTest}'s subject.)
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PageUploadBrowserTest {
    private static final Duration SEEN = Duration.ofSeconds(60);
    private static final Pattern BATCH = Pattern.compile("Uploaded 2 files: batch (\\S+)\\.");

    @TestHTTPResource("/")
    URL page;

    @Test
    void chosenFilesGoStraightToTheStoreAndBecomeABatchThePageShows() throws Exception {
        Path sample = StackHome.locate().shared().resolve("raw-samples/RAW_CANON_D30_SRGB.CRW");
        assertTrue(Files.isRegularFile(sample), "the real camera RAW sample " + sample + " is missing");
        Path folder = Files.createDirectories(Path.of("target", "upload-" + System.nanoTime()));
        Path raw = Files.copy(sample, folder.resolve("RAW_CANON_D30_SRGB.CRW"));
        byte[] garbage = new byte[32 * 1024];
        new Random(11).nextBytes(garbage);
        Path corrupt = Files.write(folder.resolve("corrupt.NEF"), garbage);

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.navigate(page.toString());
            browser.sendKeys(browser.find("#upload-files"),
                    raw.toAbsolutePath() + "\n" + corrupt.toAbsolutePath());
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
            HeadlessChromium.await("the batch shown, sealed with 2 jobs", SEEN, () -> browser.execute(
                    "const r = document.querySelector('tr[data-batch-id=\"' + arguments[0] + '\"] td.total');"
                            + "return r ? r.textContent : '';", batchId[0]).asText().equals("2")
                    && browser.execute("return document.getElementById('detail-title').textContent").asText()
                    .startsWith("Batch " + batchId[0]));
            browser.screenshot(Path.of("target", "page-upload.png"));

            List<Job> jobs = JobsTopic.ofBatch(batchId[0]);
            Set<String> names = jobs.stream().map(job -> Path.of(job.source().key()).getFileName().toString())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("RAW_CANON_D30_SRGB.CRW", "corrupt.NEF"), names);
            String prefix = jobs.get(0).source().key().substring(0, jobs.get(0).source().key().lastIndexOf('/') + 1);
            assertTrue(prefix.matches("uploads/u-[0-9a-f]{24}/"), prefix);
            try (MinioClient s3 = LocalStack.shared().newS3Client();
                 InputStream stored = s3.getObject(GetObjectArgs.builder().bucket("nightshift-raw")
                         .object(prefix + "RAW_CANON_D30_SRGB.CRW").build())) {
                assertArrayEquals(Files.readAllBytes(sample), stored.readAllBytes(), "the file, byte for byte");
            }
        }
    }
}
