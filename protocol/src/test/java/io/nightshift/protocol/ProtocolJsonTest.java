package io.nightshift.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolJsonTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:15:30.123Z");

    static Job job() {
        return new Job("job-1", "batch-7", 2, new ObjectRef("archive", "raw/2024/IMG_1.NEF", "\"abc123\""),
                new ObjectRef("results", "out/2024/IMG_1.NEF.jpg"), OutputFormat.JPEG, 150.0, T0);
    }

    @Test
    void jobRoundTrips() {
        Job job = job();
        assertEquals(job, ProtocolJson.readJob(ProtocolJson.write(job)));
        Job noRatioNoEtag = new Job("j", "b", 1, new ObjectRef("archive", "a.CR2"), new ObjectRef("results", "a.CR2.png"),
                OutputFormat.PNG16, null, T0);
        assertEquals(noRatioNoEtag, ProtocolJson.readJob(ProtocolJson.write(noRatioNoEtag)));
    }

    @Test
    void dngJobRoundTripsUnderItsWireName() {
        Job dng = new Job("j-dng", "b", 1, new ObjectRef("archive", "raw/IMG_2.NEF"),
                new ObjectRef("results", "out/IMG_2.NEF.dng"), OutputFormat.DNG, 100.0, T0);
        String json = new String(ProtocolJson.write(dng), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"format\":\"dng\""), json);
        assertEquals(dng, ProtocolJson.readJob(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(OutputFormat.DNG, OutputFormat.fromWireName("dng"));
        assertEquals("dng", OutputFormat.DNG.extension());
        assertEquals("image/x-adobe-dng", OutputFormat.DNG.contentType());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> OutputFormat.fromWireName("DNG"));
        assertTrue(unknown.getMessage().contains("png16, tiff16, jpeg or dng"), unknown.getMessage());
    }

    @Test
    void jobWireFormatIsTheDocumentedOne() {
        String json = new String(ProtocolJson.write(job()), StandardCharsets.UTF_8);
        assertEquals("{\"schemaVersion\":1,\"jobId\":\"job-1\",\"batchId\":\"batch-7\",\"attempt\":2,"
                + "\"source\":{\"bucket\":\"archive\",\"key\":\"raw/2024/IMG_1.NEF\",\"etag\":\"\\\"abc123\\\"\"},"
                + "\"output\":{\"bucket\":\"results\",\"key\":\"out/2024/IMG_1.NEF.jpg\"},\"format\":\"jpeg\","
                + "\"ratio\":150.0,\"submittedAt\":\"2026-11-26T10:15:30.123Z\"}", json);
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"schemaVersion\":1,\"jobId\":\"j\",\"batchId\":\"b\",\"attempt\":1,\"priority\":\"high\","
                + "\"source\":{\"bucket\":\"archive\",\"key\":\"a.NEF\",\"storageClass\":\"GLACIER\"},"
                + "\"output\":{\"bucket\":\"results\",\"key\":\"a.NEF.tif\"},\"format\":\"tiff16\","
                + "\"submittedAt\":\"2026-11-26T10:15:30Z\",\"future\":{\"x\":[1,2]}}";
        Job job = ProtocolJson.readJob(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(OutputFormat.TIFF16, job.format());
        assertNull(job.ratio());
        assertNull(job.source().etag());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing jobId           | {'schemaVersion':1,'batchId':'b','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | jobId",
            "blank batchId           | {'schemaVersion':1,'jobId':'j','batchId':' ','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | batchId",
            "id with a slash         | {'schemaVersion':1,'jobId':'a/b','batchId':'b','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | jobId",
            "attempt zero            | {'schemaVersion':1,'jobId':'j','batchId':'b','attempt':0,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | attempt",
            "attempt as text         | {'schemaVersion':1,'jobId':'j','batchId':'b','attempt':'1','source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | attempt",
            "source not an object    | {'schemaVersion':1,'jobId':'j','batchId':'b','attempt':1,'source':'abc/k','output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | source",
            "source key missing      | {'schemaVersion':1,'jobId':'j','batchId':'b','attempt':1,'source':{'bucket':'abc'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | source.key",
            "unknown format          | {'schemaVersion':1,'jobId':'j','batchId':'b','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'webp','submittedAt':'2026-11-26T10:15:30Z'} | format",
            "negative ratio          | {'schemaVersion':1,'jobId':'j','batchId':'b','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','ratio':-3,'submittedAt':'2026-11-26T10:15:30Z'} | ratio",
            "ratio as text           | {'schemaVersion':1,'jobId':'j','batchId':'b','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','ratio':'100','submittedAt':'2026-11-26T10:15:30Z'} | ratio",
            "bad time                | {'schemaVersion':1,'jobId':'j','batchId':'b','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'yesterday'} | submittedAt",
            "missing schemaVersion   | {'jobId':'j','batchId':'b','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | schemaVersion",
            "future major version    | {'schemaVersion':2,'jobId':'j','batchId':'b','attempt':1,'source':{'bucket':'abc','key':'k'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'} | schemaVersion",
    })
    void malformedJobsNameTheField(String title, String json, String field) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readJob(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(ErrorClass.INVALID_MESSAGE, e.errorClass());
        assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "traversal      | raw/../../etc/passwd | source.key",
            "absolute       | /etc/passwd          | source.key",
            "double slash   | raw//a.NEF           | source.key",
            "backslash      | raw\\\\a.NEF         | source.key",
    })
    void hostileKeysAreRefusedAsKeyNotAllowed(String title, String key, String field) {
        String json = ("{'schemaVersion':1,'jobId':'j','batchId':'b','attempt':1,'source':{'bucket':'abc','key':'" + key
                + "'},'output':{'bucket':'abc','key':'o'},'format':'jpeg','submittedAt':'2026-11-26T10:15:30Z'}").replace('\'', '"');
        KeyNotAllowedException e = assertThrows(KeyNotAllowedException.class,
                () -> ProtocolJson.readJob(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(field, e.field());
        assertEquals(ErrorClass.KEY_NOT_ALLOWED, e.errorClass());
    }

    @Test
    void badBucketNameIsRefused() {
        String json = "{\"schemaVersion\":1,\"jobId\":\"j\",\"batchId\":\"b\",\"attempt\":1,\"source\":{\"bucket\":\"Archive_1\",\"key\":\"k\"},"
                + "\"output\":{\"bucket\":\"abc\",\"key\":\"o\"},\"format\":\"jpeg\",\"submittedAt\":\"2026-11-26T10:15:30Z\"}";
        KeyNotAllowedException e = assertThrows(KeyNotAllowedException.class,
                () -> ProtocolJson.readJob(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals("source.bucket", e.field());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty       | ''",
            "not json    | 'IMG_1.NEF please'",
            "array       | '[1,2,3]'",
            "truncated   | '{\"schemaVersion\":1,\"jobId\":'",
            "null        | 'null'",
    })
    void unreadableMessagesAreInvalid(String title, String text) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readJob(text.getBytes(StandardCharsets.UTF_8)));
        assertNull(e.field());
        assertEquals(ErrorClass.INVALID_MESSAGE, e.errorClass());
    }

    @Test
    void idsArePeekedFromBrokenJobs() {
        byte[] broken = "{\"jobId\":\"j-9\",\"batchId\":\"b-3\",\"attempt\":4,\"format\":\"bmp\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new ProtocolJson.JobIds("j-9", "b-3", 4), ProtocolJson.peekIds(broken).orElseThrow());
        assertTrue(ProtocolJson.peekIds("garbage".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(ProtocolJson.peekIds("{\"jobId\":\"j\"}".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    @Test
    void doneResultRoundTrips() {
        Map<Stage, Long> stages = new EnumMap<>(Stage.class);
        long ms = 3;
        for (Stage stage : Stage.values()) {
            stages.put(stage, ms++);
        }
        JobResult result = JobResult.done(job(), "out/2024/IMG_1.NEF.jpg",
                Map.of(JobResult.PREVIEW_INPUT, "previews/IMG_1.in.jpg", JobResult.PREVIEW_RESULT, "previews/IMG_1.out.jpg"),
                "2026-11-26.1", 123.5, RatioSource.ESTIMATED, new Camera("Nikon", "D1"), stages, "worker-a", T0);
        byte[] json = ProtocolJson.write(result);
        assertEquals(result, ProtocolJson.readResult(json));
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"stageMs\":{\"download\":3,\"decode\":4,\"pack\":5,\"ratio\":6,\"infer\":7,\"post\":8,\"encode\":9,\"upload\":10}"), text);
        assertTrue(text.contains("\"ratioSource\":\"estimated\""), text);
        assertTrue(text.contains("\"camera\":{\"make\":\"Nikon\",\"model\":\"D1\"}"), text);
        assertTrue(text.contains("\"status\":\"DONE\""), text);
    }

    @Test
    void failedResultRoundTripsAndNeedsItsReason() {
        JobResult failed = JobResult.failed("j", "b", 1, ErrorClass.DECODE_FAILED, "LibRaw: file is truncated",
                Map.of(Stage.DOWNLOAD, 12L), "worker-b", T0);
        assertEquals(failed, ProtocolJson.readResult(ProtocolJson.write(failed)));

        String noReason = "{\"schemaVersion\":1,\"jobId\":\"j\",\"batchId\":\"b\",\"attempt\":1,\"status\":\"FAILED\","
                + "\"errorClass\":\"DECODE_FAILED\",\"workerId\":\"w\",\"finishedAt\":\"2026-11-26T10:15:30Z\"}";
        assertEquals("reason", assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readResult(noReason.getBytes(StandardCharsets.UTF_8))).field());
        String badClass = noReason.replace("DECODE_FAILED", "oops!").replace("\"workerId\"", "\"reason\":\"x\",\"workerId\"");
        assertEquals("errorClass", assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readResult(badClass.getBytes(StandardCharsets.UTF_8))).field());
        String laterClass = badClass.replace("oops!", "OOPS");
        JobResult later = ProtocolJson.readResult(laterClass.getBytes(StandardCharsets.UTF_8));
        assertEquals("OOPS", later.errorClass(), "a class of a later v1 is kept as text");
        assertTrue(later.knownErrorClass().isEmpty());
        assertEquals(java.util.Optional.of(ErrorClass.DECODE_FAILED), failed.knownErrorClass());
        String doneWithoutOutput = noReason.replace("FAILED\",", "DONE\",");
        assertEquals("outputKey", assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readResult(doneWithoutOutput.getBytes(StandardCharsets.UTF_8))).field());
    }

    @Test
    void resultStageTimesMustBeNonNegative() {
        String json = "{\"schemaVersion\":1,\"jobId\":\"j\",\"batchId\":\"b\",\"attempt\":1,\"status\":\"FAILED\","
                + "\"errorClass\":\"INTERNAL\",\"reason\":\"x\",\"stageMs\":{\"decode\":-1,\"teleport\":5},"
                + "\"workerId\":\"w\",\"finishedAt\":\"2026-11-26T10:15:30Z\"}";
        assertEquals("stageMs.decode", assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readResult(json.getBytes(StandardCharsets.UTF_8))).field());
        JobResult ignoringUnknownStage = ProtocolJson.readResult(json.replace("\"decode\":-1", "\"decode\":7").getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(Stage.DECODE, 7L), ignoringUnknownStage.stageMs());
    }

    @Test
    void deadLettersKeepTheJobOrItsBytes() {
        DeadLetter parsed = new DeadLetter(job(), null, ErrorClass.OBJECT_MISSING, "no such object archive/raw/2024/IMG_1.NEF",
                3, "worker-a", T0);
        assertEquals(parsed, ProtocolJson.readDeadLetter(ProtocolJson.write(parsed)));

        byte[] garbage = {0, (byte) 0xff, 'x', '{'};
        DeadLetter raw = new DeadLetter(null, garbage, ErrorClass.INVALID_MESSAGE, "the message is not valid JSON", 1, "worker-a", T0);
        DeadLetter back = ProtocolJson.readDeadLetter(ProtocolJson.write(raw));
        assertArrayEquals(garbage, back.rawPayload());
        assertEquals(raw, back);
    }

    @Test
    void aDeadLetterCanSayWhereItsRawPayloadWasStored() {
        String sha = "ab".repeat(32);
        StoredPayload stored = new StoredPayload(new ObjectRef("nightshift-models",
                "worker-state/dead-letter-payloads/" + sha), 1_048_000, sha, new ProtocolJson.JobIds("j-1", "b-1", 2));
        DeadLetter letter = new DeadLetter(null, null, ErrorClass.INVALID_MESSAGE, "format: unknown", 1, "worker-a", T0,
                stored);
        byte[] json = ProtocolJson.write(letter);
        assertTrue(json.length < 600, "a reference, not the payload: " + json.length + " bytes");
        DeadLetter back = ProtocolJson.readDeadLetter(json);
        assertEquals(letter, back);
        assertNull(back.rawPayload());
        assertEquals(stored, back.storedPayload());

        DeadLetter withoutIds = new DeadLetter(null, null, ErrorClass.INVALID_MESSAGE, "not JSON", 1, "worker-a", T0,
                new StoredPayload(stored.location(), 5, sha, null));
        assertEquals(withoutIds, ProtocolJson.readDeadLetter(ProtocolJson.write(withoutIds)));
        assertThrows(IllegalArgumentException.class, () -> new DeadLetter(null, new byte[1], ErrorClass.INVALID_MESSAGE,
                "both", 1, "worker-a", T0, stored), "the bytes or where they are, not both");
        String badSha = new String(json, StandardCharsets.UTF_8).replace(sha, "XYZ");
        assertEquals("rawPayloadStored.sha256", assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readDeadLetter(badSha.getBytes(StandardCharsets.UTF_8))).field());
    }

    @Test
    void modelSetManifestRoundTripsAndChecksDigests() {
        ModelSetManifest manifest = new ModelSetManifest("2026-11-26.1",
                new ModelFile("sets/2026-11-26.1/enhancer.onnx", "a".repeat(64)),
                new ModelFile("sets/2026-11-26.1/ratio.onnx", "0123456789abcdef".repeat(4)),
                Map.of("psnr_net_db", 27.5, "ratio_median_stops", 0.12), "synthetic pairs", "./nightshift train", T0);
        assertEquals(manifest, ProtocolJson.readModelSet(ProtocolJson.write(manifest)));

        String bad = new String(ProtocolJson.write(manifest), StandardCharsets.UTF_8).replace("a".repeat(64), "A".repeat(64));
        assertEquals("enhancer.sha256", assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readModelSet(bad.getBytes(StandardCharsets.UTF_8))).field());
        assertEquals(null, ProtocolJson.readModelSet(ProtocolJson.write(manifest)).enhancerFp16(), "none: absent");
        assertEquals(2, manifest.files().size());
    }

    @Test
    void aSetNamesItsFp16EnhancerAndOlderReadersSkipIt() {
        ModelFile fp16 = new ModelFile("sets/2026-12-05.1/enhancer.fp16.onnx", "b".repeat(64));
        ModelSetManifest manifest = new ModelSetManifest("2026-12-05.1",
                new ModelFile("sets/2026-12-05.1/enhancer.onnx", "a".repeat(64)),
                new ModelFile("sets/2026-12-05.1/ratio.onnx", "c".repeat(64)), fp16, Map.of(), null, null, T0);
        byte[] json = ProtocolJson.write(manifest);
        assertEquals(manifest, ProtocolJson.readModelSet(json));
        assertTrue(new String(json, StandardCharsets.UTF_8).contains(
                "\"enhancerFp16\":{\"key\":\"sets/2026-12-05.1/enhancer.fp16.onnx\",\"sha256\":\"" + "b".repeat(64)
                        + "\"}"));
        assertEquals(List.of(manifest.enhancer(), manifest.ratioEstimator(), fp16), manifest.files());
        String unsafe = new String(json, StandardCharsets.UTF_8).replace("sets/2026-12-05.1/enhancer.fp16.onnx",
                "../enhancer.fp16.onnx");
        assertEquals("enhancerFp16.key", assertThrows(KeyNotAllowedException.class,
                () -> ProtocolJson.readModelSet(unsafe.getBytes(StandardCharsets.UTF_8))).field());
    }

    @Test
    void aSetNamesItsInt8EnhancerBesideFp16AndSetsWithoutItStaySilent() {
        ModelFile fp16 = new ModelFile("sets/2026-12-05.2/enhancer.fp16.onnx", "b".repeat(64));
        ModelFile int8 = new ModelFile("sets/2026-12-05.2/enhancer.int8.onnx", "d".repeat(64));
        ModelSetManifest manifest = new ModelSetManifest("2026-12-05.2",
                new ModelFile("sets/2026-12-05.2/enhancer.onnx", "a".repeat(64)),
                new ModelFile("sets/2026-12-05.2/ratio.onnx", "c".repeat(64)), fp16, int8, Map.of(), null, null, T0);
        byte[] json = ProtocolJson.write(manifest);
        assertEquals(manifest, ProtocolJson.readModelSet(json));
        assertTrue(new String(json, StandardCharsets.UTF_8).contains(
                "\"enhancerInt8\":{\"key\":\"sets/2026-12-05.2/enhancer.int8.onnx\",\"sha256\":\"" + "d".repeat(64)
                        + "\"}"));
        assertEquals(List.of(manifest.enhancer(), manifest.ratioEstimator(), fp16, int8), manifest.files());

        ModelSetManifest without = manifest.withEnhancerInt8(null);
        byte[] older = ProtocolJson.write(without);
        assertFalse(new String(older, StandardCharsets.UTF_8).contains("enhancerInt8"), "absent, not null");
        assertEquals(null, ProtocolJson.readModelSet(older).enhancerInt8());
        assertEquals(manifest, ProtocolJson.readModelSet(older).withEnhancerInt8(int8));

        String badSha = new String(json, StandardCharsets.UTF_8).replace("d".repeat(64), "D".repeat(64));
        assertEquals("enhancerInt8.sha256", assertThrows(InvalidMessageException.class,
                () -> ProtocolJson.readModelSet(badSha.getBytes(StandardCharsets.UTF_8))).field());
        String unsafe = new String(json, StandardCharsets.UTF_8).replace("sets/2026-12-05.2/enhancer.int8.onnx",
                "../enhancer.int8.onnx");
        assertEquals("enhancerInt8.key", assertThrows(KeyNotAllowedException.class,
                () -> ProtocolJson.readModelSet(unsafe.getBytes(StandardCharsets.UTF_8))).field());
    }
}
