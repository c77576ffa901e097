package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.minio.MinioClient;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.UNetConfig;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.modelstore.ModelSetLayout;
import io.nightshift.modelstore.S3ModelStore;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.stack.LocalStack;
import io.nightshift.trainer.engine.TorchEngine;
import io.nightshift.trainer.export.ExportedModel;
import io.nightshift.trainer.export.OnnxExporter;
import io.nightshift.trainer.nn.ContractNetwork;
import io.nightshift.trainer.nn.RatioCnn;
import io.nightshift.trainer.nn.UNet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model set exported by the trainer and published by {@link PublishCli} against the real local stack (S3 server
 * and Kafka broker) is loaded by the inference core's registry through {@link S3ModelStore}; a tampered set is
 * refused and not announced.
 */
class PublishCliTest {

    @TempDir
    Path dir;

    @Test
    void aPublishedSetIsLoadedByTheRegistryFromTheModelsBucket() throws Exception {
        LocalStack stack = LocalStack.shared();
        String version = "test-" + UUID.randomUUID().toString().substring(0, 8);
        String channel = "publish-cli-" + version;
        Path folder = exportSet(version);

        Output published = publish(stack, folder, channel);
        assertEquals(0, published.status, published.text);
        String last = published.lastLine();
        assertTrue(last.startsWith("{\"ok\":true,\"set_version\":\"" + version + "\""), last);
        assertTrue(last.contains("\"manifest_key\":\"" + ModelSetLayout.manifestKey(version) + "\""), last);

        try (MinioClient s3 = stack.newS3Client();
                InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1));
                ModelRegistry registry = new ModelRegistry(engine, 32)) {
            S3ModelStore store = new S3ModelStore(s3, PublishCli.DEFAULT_BUCKET);
            assertEquals(Optional.of(version), store.latestVersion(channel));
            ModelSetManifest serving = registry.load(store, ModelSetLayout.manifestKey(version));
            assertEquals(version, serving.setVersion());
            assertEquals(Map.of("train_val_psnr_db", 1.5), serving.metrics());
            try (ModelLease lease = registry.acquire()) {
                assertEquals(version, lease.version());
                assertEquals(version + "/enhancer", lease.enhancer().modelVersion());
            }
        }

        // the same version with another model is refused, and the channel still points at the first
        Path other = exportSet(version + "-other");
        Files.copy(other.resolve(ModelSetFolder.ENHANCER_FILE), folder.resolve(ModelSetFolder.ENHANCER_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Output tampered = publish(stack, folder, channel);
        assertEquals(1, tampered.status, tampered.text);
        assertTrue(tampered.text.contains("refused: model enhancer.onnx has SHA-256"), tampered.text);
        assertTrue(tampered.lastLine().startsWith("{\"ok\":false"), tampered.text);
        try (MinioClient s3 = stack.newS3Client()) {
            assertEquals(Optional.of(version), new S3ModelStore(s3, PublishCli.DEFAULT_BUCKET).latestVersion(channel));
        }
    }

    private record Output(int status, String text) {
        String lastLine() {
            String[] lines = text.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /**
     * The gate: the committed default set serves a fresh channel; a random-weight set is refused against it (on a
     * small validation split: 6 items of 64 packed pixels) and the channel keeps serving the default; with
     * {@code --force} it is published; the default then passes against it.
     */
    @Test
    void theGateRefusesASetWorseThanTheServingOneUnlessForced() throws Exception {
        LocalStack stack = LocalStack.shared();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String channel = "publish-gate-" + suffix;
        Path trained = Path.of("../models/default").toAbsolutePath().normalize();
        String trainedVersion = io.nightshift.protocol.ProtocolJson.readModelSet(
                Files.readAllBytes(trained.resolve("manifest.json"))).setVersion();
        String[] gate = {"--gate-set", dir.resolve("validation").toString(), "--gate-count", "6", "--gate-packed", "64"};

        Output first = publish(stack, trained, channel, gate);
        assertEquals(0, first.status, first.text);
        assertTrue(first.lastLine().contains("\"gate\":{\"compared\":false"), first.text);

        String randomVersion = "gate-random-" + suffix;
        Path random = exportSet(randomVersion);
        Output refused = publish(stack, random, channel, gate);
        assertEquals(1, refused.status, refused.text);
        assertTrue(refused.text.contains("refused by the gate: worse than the serving set " + trainedVersion),
                refused.text);
        assertTrue(refused.lastLine().contains("\"refused\":true"), refused.lastLine());
        try (MinioClient s3 = stack.newS3Client()) {
            assertEquals(Optional.of(trainedVersion),
                    new S3ModelStore(s3, PublishCli.DEFAULT_BUCKET).latestVersion(channel));
        }

        String[] forced = java.util.Arrays.copyOf(gate, gate.length + 1);
        forced[gate.length] = "--force";
        Output published = publish(stack, random, channel, forced);
        assertEquals(0, published.status, published.text);
        assertTrue(published.text.contains("publishing anyway: --force"), published.text);

        Output back = publish(stack, trained, channel, gate);
        assertEquals(0, back.status, back.text);
        assertTrue(back.lastLine().contains("\"compared\":true,\"serving\":\"" + randomVersion + "\""),
                back.lastLine());
        assertTrue(back.lastLine().contains("\"refused\":false"), back.lastLine());
        try (MinioClient s3 = stack.newS3Client()) {
            assertEquals(Optional.of(trainedVersion),
                    new S3ModelStore(s3, PublishCli.DEFAULT_BUCKET).latestVersion(channel));
        }
    }

    private static Output publish(LocalStack stack, Path folder, String channel, String... more) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<String, String> env = Map.of(
                "NIGHTSHIFT_S3_ENDPOINT", stack.s3Endpoint(),
                "NIGHTSHIFT_S3_ACCESS_KEY", stack.config().accessKey(),
                "NIGHTSHIFT_S3_SECRET_KEY", stack.config().secretKey(),
                "KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        List<String> args = new java.util.ArrayList<>(List.of("--models", folder.toString(), "--channel", channel));
        args.addAll(List.of(more));
        int status = PublishCli.run(args.toArray(String[]::new), env, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Output(status, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A small set exported by the trainer (random initial weights) and written as a model-set folder. */
    private Path exportSet(String version) throws Exception {
        ExportedModel enhancer = export(new UNet(UNetConfig.batchNormVariant(4)), version + "/enhancer");
        ExportedModel ratio = export(new RatioCnn(new RatioNetworkConfig(List.of(4, 8), 8)), version + "/ratio");
        Path folder = dir.resolve(version);
        ModelSetFolder.write(folder, version, enhancer.fp32(), ratio.fp32(), Map.of("train_val_psnr_db", 1.5),
                "test: random initial weights", "PublishCliTest");
        return folder;
    }

    private static ExportedModel export(ContractNetwork net, String modelVersion) {
        TorchEngine.get().setRandomSeed(3);
        try (NDManager m = TorchEngine.get().newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, net.inputShape(1));
            return OnnxExporter.defaults().export(net, ExportOptions.of(modelVersion));
        }
    }
}
