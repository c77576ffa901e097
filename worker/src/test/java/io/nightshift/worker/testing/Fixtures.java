package io.nightshift.worker.testing;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.stack.LocalStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test inputs on the real local stack: small synthetic DNGs in S3, jobs on Kafka, outputs read back. */
public final class Fixtures {

    public static final String RAW_BUCKET = "nightshift-raw";
    public static final String OUT_BUCKET = "nightshift-results";

    private Fixtures() {
    }

    public static LocalStack stack() {
        return LocalStack.shared();
    }

    /** A dark Sony-like DNG (RGGB, 14 bit, black 512) of {@code width × height} with a pattern and noise. */
    public static byte[] dng(int width, int height, long seed) {
        short[] samples = new short[width * height];
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double scene = 0.4 + 0.3 * Math.sin(x / 17.0 + seed) * Math.cos(y / 11.0);
                double signal = 0.02 * 15871 * scene;
                samples[y * width + x] = (short) Math.max(0, Math.min(16383,
                        Math.round(512 + signal + 4 * random.nextGaussian())));
            }
        }
        return DngWriter.write(DngFrame.sonyLike(width, height), new BayerPlane(width, height, samples));
    }

    /**
     * A small DNG whose header declares {@code width × height} pixels it does not hold (the pixel data of a 64 × 64
     * frame follows): what LibRaw's header reports before it unpacks anything.
     */
    public static byte[] dngDeclaring(int width, int height) {
        byte[] dng = dng(64, 64, 1);
        ByteBuffer tiff = ByteBuffer.wrap(dng).order(ByteOrder.LITTLE_ENDIAN);
        // IFD0 at 8: entry 1 is ImageWidth, entry 2 ImageLength; a value sits 8 bytes into its entry
        if ((tiff.getShort(8 + 2 + 12) & 0xFFFF) != 256 || (tiff.getShort(8 + 2 + 24) & 0xFFFF) != 257) {
            throw new IllegalStateException("DngWriter's IFD0 layout changed");
        }
        tiff.putInt(8 + 2 + 12 + 8, width).putInt(8 + 2 + 24 + 8, height);
        return dng;
    }

    /**
     * A linear (demosaiced, 3 samples per pixel) DNG: LibRaw reads it, but it is no Bayer mosaic, so the
     * worker refuses it as UNSUPPORTED_SENSOR.
     */
    public static byte[] linearDng(int width, int height) {
        int samples = 3;
        byte[] strip = new byte[width * height * samples * 2];
        for (int i = 0; i < strip.length; i += 2) {
            strip[i] = (byte) (i * 7);
            strip[i + 1] = (byte) ((i >> 4) & 0x0F);
        }
        List<int[]> entries = new ArrayList<>(); // tag, type, count, value (inline) — all fit in 4 bytes
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        int ifdEntries = 14;
        int ifdSize = 2 + ifdEntries * 12 + 4;
        int extraStart = 8 + ifdSize;
        // BitsPerSample (3 shorts) and DNGVersion need out-of-line or packed storage
        int bitsOffset = extraStart + extra.size();
        writeShorts(extra, 16, 16, 16);
        int stripOffset = extraStart + extra.size();
        entries.add(new int[] {254, 4, 1, 0});
        entries.add(new int[] {256, 4, 1, width});
        entries.add(new int[] {257, 4, 1, height});
        entries.add(new int[] {258, 3, 3, bitsOffset});
        entries.add(new int[] {259, 3, 1, 1});
        entries.add(new int[] {262, 3, 1, 34892}); // LinearRaw
        entries.add(new int[] {273, 4, 1, stripOffset});
        entries.add(new int[] {274, 3, 1, 1});
        entries.add(new int[] {277, 3, 1, samples});
        entries.add(new int[] {278, 4, 1, height});
        entries.add(new int[] {279, 4, 1, strip.length});
        entries.add(new int[] {284, 3, 1, 1});
        entries.add(new int[] {50706, 1, 4, 0x00000401}); // DNGVersion 1.4.0.0, bytes inline
        entries.add(new int[] {50717, 4, 1, 65535});      // WhiteLevel
        ByteBuffer b = ByteBuffer.allocate(extraStart + extra.size() + strip.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries.size());
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
            if (e[1] == 3 && e[2] == 1) {
                b.putShort((short) e[3]).putShort((short) 0);
            } else {
                b.putInt(e[3]);
            }
        }
        b.putInt(0);
        b.put(extra.toByteArray());
        b.put(strip);
        return b.array();
    }

    private static void writeShorts(ByteArrayOutputStream out, int... values) {
        for (int v : values) {
            out.write(v & 0xFF);
            out.write((v >> 8) & 0xFF);
        }
    }

    public static void put(MinioClient s3, String bucket, String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
    }

    public static byte[] get(MinioClient s3, String bucket, String key) throws Exception {
        try (GetObjectResponse in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    public static boolean exists(MinioClient s3, String bucket, String key) {
        try {
            s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static List<String> list(MinioClient s3, String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    /** A fresh batch id for one test. */
    public static String batchId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A job for {@code raw/BATCH/NAME} → {@code out/BATCH/NAME.EXT}. */
    public static Job job(String batchId, String name, OutputFormat format, Double ratio) {
        String jobId = batchId + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_");
        return new Job(jobId, batchId, 1, new ObjectRef(RAW_BUCKET, "raw/" + batchId + "/" + name),
                new ObjectRef(OUT_BUCKET, "out/" + batchId + "/" + name + "." + format.extension()), format, ratio,
                Instant.now());
    }

    public static KafkaProducer<String, byte[]> producer() {
        Properties p = stack().kafkaProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public static void send(KafkaProducer<String, byte[]> producer, String topic, Job job) throws Exception {
        producer.send(new ProducerRecord<>(topic, job.jobId(), ProtocolJson.write(job))).get();
    }

    public static void sendRaw(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** Creates a topic (the stack only creates the protocol's) for a test that needs its own jobs topic. */
    public static void createTopic(String name, int partitions) throws Exception {
        createTopic(name, partitions, java.util.Map.of());
    }

    /** Creates a topic with topic-level settings ({@code max.message.bytes}…). */
    public static void createTopic(String name, int partitions, java.util.Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(stack().kafkaProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
        }
    }
}
