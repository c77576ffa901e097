package io.nightshift.chaos.inputs;

import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.raw.dng.LinearDngFrame;
import io.nightshift.raw.dng.LinearDngWriter;
import io.nightshift.raw.BayerPlane;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * The bad inputs of issue 18's table, each with the verdict it must get: objects the dispatcher lists with the
 * good ones (undecodable, unsupported, too large, a native crasher) and job records sent straight to the jobs topic
 * (a deleted source, hostile keys, malformed and foreign-version JSON, an unparseable record just under the topic's
 * message limit).
 */
public final class BadInputs {
    /** The worker's native-crash test hook's marker (nightshift.worker.test-hooks.native-crash). */
    public static final String CRASH_MARKER = "__nightshift_test_native_crash__";
    /** Bytes of the unparseable record sent just under the jobs topic's limit (the broker's 1 MiB default). */
    public static final int NEAR_LIMIT_BYTES = 1_000_000;

    private BadInputs() {
    }

    /** The objects, under {@code prefix} of the source bucket (listed with the good jobs). */
    public static List<BadInput> objects(Path samples, String prefix) {
        byte[] nef = read(samples.resolve("RAW_NIKON_D1.NEF"));
        byte[] random = new byte[200_000];
        new SplittableRandom(18).nextBytes(random);
        List<BadInput> bad = new ArrayList<>();
        bad.add(BadInput.object("truncated RAW", ErrorClass.DECODE_FAILED, "", prefix + "truncated.NEF",
                Arrays.copyOf(nef, nef.length / 2)));
        bad.add(BadInput.object("empty RAW", ErrorClass.DECODE_FAILED, "", prefix + "empty.NEF", new byte[0]));
        bad.add(BadInput.object("random bytes", ErrorClass.DECODE_FAILED, "", prefix + "random.NEF", random));
        bad.add(BadInput.object("JPEG renamed", ErrorClass.DECODE_FAILED, "", prefix + "photo.CR2", jpeg()));
        bad.add(BadInput.object("linear DNG", ErrorClass.UNSUPPORTED_SENSOR, "", prefix + "linear.dng", linearDng()));
        bad.add(BadInput.object("header over budget", ErrorClass.TOO_LARGE, "", prefix + "huge-header.dng",
                declaring(9000, 7000)));
        bad.add(BadInput.object("native crasher", ErrorClass.CRASHED_WORKER, "",
                prefix + "crasher" + CRASH_MARKER + ".dng", smallDng()));
        return bad;
    }

    /**
     * The records sent to the jobs topic. {@code deletedKey} names an object that was written and deleted after the
     * job was made (the listing's view of it, gone by the time a worker reads it).
     */
    public static List<BadInput> records(String batchId, String sourceBucket, String deletedKey, String outputBucket,
                                         String outputPrefix) {
        List<BadInput> bad = new ArrayList<>();
        Job deleted = job(batchId, "chaos-deleted", sourceBucket, deletedKey, outputBucket, outputPrefix);
        bad.add(BadInput.record("object deleted after listing", ErrorClass.OBJECT_MISSING, "", deleted.jobId(),
                ProtocolJson.write(deleted)));
        String template = new String(ProtocolJson.write(
                job(batchId, "chaos-dotdot", sourceBucket, "chaos/PLACE.NEF", outputBucket, outputPrefix)),
                StandardCharsets.UTF_8);
        bad.add(BadInput.record("hostile key (.. segment)", ErrorClass.KEY_NOT_ALLOWED, "", "chaos-dotdot",
                swap(template, "chaos/PLACE.NEF", "chaos/../../etc/passwd.NEF").getBytes(StandardCharsets.UTF_8)));
        bad.add(BadInput.record("hostile key (control character)", ErrorClass.KEY_NOT_ALLOWED, "", "chaos-control",
                swap(swap(template, "chaos-dotdot", "chaos-control"), "chaos/PLACE.NEF",
                        "chaos/bell\\u0007.NEF").getBytes(StandardCharsets.UTF_8)));
        bad.add(BadInput.record("malformed JSON", ErrorClass.INVALID_MESSAGE, "", "chaos-malformed",
                "{\"schemaVersion\": 1, \"jobId\": \"chaos-malformed\", \"source\": {".getBytes(StandardCharsets.UTF_8)));
        bad.add(BadInput.record("schemaVersion 2", ErrorClass.INVALID_MESSAGE, "", "chaos-v2",
                swap(swap(template, "chaos-dotdot", "chaos-v2"), "\"schemaVersion\":1",
                        "\"schemaVersion\":2").getBytes(StandardCharsets.UTF_8)));
        byte[] near = new byte[NEAR_LIMIT_BYTES];
        Arrays.fill(near, (byte) 'x');
        near[0] = '{';
        bad.add(BadInput.record("record just under the message limit", ErrorClass.INVALID_MESSAGE, "",
                "chaos-near-limit", near));
        return bad;
    }

    /** {@code text} with every {@code from} replaced; fails when there is none (the template changed). */
    private static String swap(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalStateException("the job template lacks " + from + ": " + text);
        }
        return text.replace(from, to);
    }

    private static Job job(String batchId, String jobId, String bucket, String key, String outputBucket,
                           String outputPrefix) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return new Job(jobId, batchId, 1, new ObjectRef(bucket, key),
                new ObjectRef(outputBucket, outputPrefix + name + ".jpg"), OutputFormat.JPEG, null, Instant.now());
    }

    private static byte[] jpeg() {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                image.setRGB(x, y, (x * 255 / 320) << 16 | (y * 255 / 240) << 8 | 128);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] smallDng() {
        short[] samples = new short[256 * 192];
        Arrays.fill(samples, (short) 700);
        return DngWriter.write(DngFrame.sonyLike(256, 192), new BayerPlane(256, 192, samples));
    }

    /** A linear (demosaiced) DNG: LibRaw reads it, but it is no mosaic. */
    private static byte[] linearDng() {
        DngFrame mosaic = DngFrame.sonyLike(320, 240);
        LinearDngFrame frame = new LinearDngFrame(320, 240, 1, mosaic.shot(), mosaic.asShotNeutral(),
                DngFrame.XYZ_TO_SRGB, "chaos linear");
        return LinearDngWriter.write(frame, (y, rgb) -> Arrays.fill(rgb, (short) (y * 200)));
    }

    /** A 64 × 64 DNG whose header declares {@code width × height}: what LibRaw reads before unpacking anything. */
    private static byte[] declaring(int width, int height) {
        byte[] dng = smallDngOf(64, 64);
        ByteBuffer tiff = ByteBuffer.wrap(dng).order(ByteOrder.LITTLE_ENDIAN);
        // IFD0 at 8: entry 1 is ImageWidth, entry 2 ImageLength; a value sits 8 bytes into its entry
        if ((tiff.getShort(8 + 2 + 12) & 0xFFFF) != 256 || (tiff.getShort(8 + 2 + 24) & 0xFFFF) != 257) {
            throw new IllegalStateException("DngWriter's IFD0 layout changed");
        }
        tiff.putInt(8 + 2 + 12 + 8, width).putInt(8 + 2 + 24 + 8, height);
        return dng;
    }

    private static byte[] smallDngOf(int width, int height) {
        short[] samples = new short[width * height];
        Arrays.fill(samples, (short) 900);
        return DngWriter.write(DngFrame.sonyLike(width, height), new BayerPlane(width, height, samples));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the chaos run needs " + file, e);
        }
    }
}
