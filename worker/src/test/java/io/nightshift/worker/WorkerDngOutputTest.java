package io.nightshift.worker;

import static io.nightshift.worker.testing.Fixtures.OUT_BUCKET;
import static io.nightshift.worker.testing.Fixtures.RAW_BUCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.nightshift.libraw.libraw_data_t;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.ColorMatrix;
import io.nightshift.raw.decode.LibRawProcessor;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code dng} job through the real worker, broker and S3 server: the output object is a three-colour linear
 * DNG of the visible frame's size that LibRaw opens, and LibRaw's rendering of it ({@code dcraw_emu}: camera
 * white balance, sRGB, no auto-brightness) matches the worker's own sRGB output of the same source (a
 * {@code png16} job) within a fraction of an 8-bit level. The source is a small GBRG frame with a real
 * camera's matrix (the Nikon D1's) and an odd size, so the visible frame is offset on the network output.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class WorkerDngOutputTest {

    private static final int W = 301;
    private static final int H = 203;
    private static final ColorMatrix NIKON_D1 = new ColorMatrix(new double[] {
        0.7637, -0.2199, -0.0974, -0.9109, 1.7099, 0.2043, -0.2822, 0.3306, 0.8372});

    static MinioClient s3;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void connect() {
        s3 = Fixtures.stack().newS3Client();
        producer = Fixtures.producer();
    }

    @AfterAll
    static void disconnect() throws Exception {
        producer.close();
        s3.close();
    }

    /** A dark GBRG frame: a pattern and noise at about 3 % of white. */
    private static byte[] source() {
        short[] samples = new short[W * H];
        SplittableRandom random = new SplittableRandom(11);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double scene = 0.5 + 0.4 * Math.sin(x / 13.0) * Math.cos(y / 9.0);
                samples[y * W + x] = (short) Math.round(512 + 0.03 * 15871 * scene + 4 * random.nextGaussian());
            }
        }
        DngFrame frame = DngFrame.sonyLike(W, H).withLayout(CfaLayout.GBRG).withColorMatrix(NIKON_D1);
        return DngWriter.write(frame, new BayerPlane(W, H, samples));
    }

    @Test
    void aDngJobWritesALinearDngThatLibRawRendersAsTheSrgbOutput(@TempDir Path dir) throws Exception {
        WorkerPipelineTest.awaitReady();
        String batch = Fixtures.batchId("dng");
        Job png = Fixtures.job(batch, "IMG_D.DNG", OutputFormat.PNG16, 40.0);
        Job asDng = Fixtures.job(batch, "IMG_D.DNG", OutputFormat.DNG, 40.0);
        Job dng = new Job(asDng.jobId() + "-dng", batch, 1, asDng.source(), asDng.output(), OutputFormat.DNG, 40.0,
                Instant.now());
        assertTrue(dng.output().key().endsWith(".DNG.dng"), dng.output().key());
        Fixtures.put(s3, RAW_BUCKET, png.source().key(), source());
        List<JobResult> results;
        try (TopicReader<JobResult> reader = TopicReader.results()) {
            Fixtures.send(producer, WorkerPipelineTest.JOBS, png);
            Fixtures.send(producer, WorkerPipelineTest.JOBS, dng);
            results = reader.await(r -> r.batchId().equals(batch), l -> l.size() >= 2, Duration.ofSeconds(90));
        }
        Map<String, JobResult> byKey = results.stream().collect(Collectors.toMap(JobResult::outputKey, r -> r));
        JobResult dngResult = byKey.get(dng.output().key());
        assertNotNull(dngResult, "a result for the dng job: " + results);
        assertEquals(JobStatus.DONE, dngResult.status(), dngResult.toString());
        assertEquals(byKey.get(png.output().key()).modelSet(), dngResult.modelSet(), "one model set for both");
        assertEquals("image/x-adobe-dng", s3.statObject(StatObjectArgs.builder().bucket(OUT_BUCKET)
                .object(dng.output().key()).build()).contentType());

        byte[] bytes = Fixtures.get(s3, OUT_BUCKET, dng.output().key());
        try (LibRawProcessor p = new LibRawProcessor()) {
            libraw_data_t data = p.open(bytes, 0, bytes.length);
            assertEquals(3, data.idata().colors(), "three colours");
            assertEquals(0, data.idata().filters(), "no colour filter: a linear DNG");
            assertEquals(W, data.sizes().width() & 0xFFFF);
            assertEquals(H, data.sizes().height() & 0xFFFF);
            // the source's as-shot neutral (0.5, 1, 0.625) comes back: white balance 2, 1, 1.6
            assertEquals(2.0, data.color().cam_mul(0) / data.color().cam_mul(1), 1e-4);
            assertEquals(1.6, data.color().cam_mul(2) / data.color().cam_mul(1), 1e-4);
            assertEquals(3200, data.other().iso_speed(), 1e-3);
        }
        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(
                Fixtures.get(s3, OUT_BUCKET, dngResult.previewKeys().get(JobResult.PREVIEW_RESULT))));
        assertEquals(W, preview.getWidth(), "the result preview is the sRGB rendering, a JPEG");

        Path file = dir.resolve("worker.dng");
        Files.write(file, bytes);
        Raster theirs = dcrawEmuSrgb(file, dir);
        Raster ours = ImageIO.read(new ByteArrayInputStream(Fixtures.get(s3, OUT_BUCKET, png.output().key()))).getRaster();
        assertEquals(ours.getWidth(), theirs.getWidth());
        assertEquals(ours.getHeight(), theirs.getHeight());
        float[] differences = new float[W * H * 3];
        int[] a = new int[3];
        int[] b = new int[3];
        int n = 0;
        long sum = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                ours.getPixel(x, y, a);
                theirs.getPixel(x, y, b);
                for (int c = 0; c < 3; c++) {
                    differences[n++] = Math.abs(a[c] - b[c]) * 255f / 65535f;
                    sum += a[c];
                }
            }
        }
        Arrays.sort(differences);
        double mean = 0;
        for (float d : differences) {
            mean += d / n;
        }
        double p99 = differences[(int) Math.ceil(0.99 * n) - 1];
        double max = differences[n - 1];
        double level = sum / (double) n / 257;
        System.out.printf("worker dng vs png16, model set %s: mean %.4f, p99 %.4f, max %.4f 8-bit levels"
                + " (image mean %.1f levels)%n", dngResult.modelSet(), mean, p99, max, level);
        assertTrue(level > 10 && level < 245, "an image, not a black or white frame: mean level " + level);
        assertTrue(mean <= 0.1 && p99 <= 0.5 && max <= 2, "DNG rendering against the png16 output: mean " + mean
                + ", p99 " + p99 + ", max " + max);
    }

    /** dcraw_emu with the file's white balance, sRGB primaries and curve, 16-bit, no auto-brightness, clipped. */
    private static Raster dcrawEmuSrgb(Path dng, Path dir) throws Exception {
        Path tiff = dir.resolve("dcraw_emu.tiff");
        List<String> command = List.of("dcraw_emu", "-w", "-o", "1", "-g", "2.4", "12.92", "-6", "-W", "-c", "0",
                "-H", "0", "-T", "-Z", tiff.toString(), dng.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        BufferedImage image = ImageIO.read(tiff.toFile());
        assertEquals(16, image.getColorModel().getComponentSize(0));
        return image.getRaster();
    }
}
