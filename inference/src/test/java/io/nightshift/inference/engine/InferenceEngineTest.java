package io.nightshift.inference.engine;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.validation.ContractViolationException;
import io.nightshift.inference.testing.TestModels;
import org.junit.jupiter.api.Test;

class InferenceEngineTest {

    @Test
    void loadsAValidEnhancerOnCpuAndRunsIt() {
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1));
                EnhancerSession enhancer = engine.loadEnhancer(TestModels.enhancer(1))) {
            assertEquals(ExecutionProvider.CPU, enhancer.provider());
            assertEquals("test-enhancer-1", enhancer.modelVersion());
            PlanarImage out = enhancer.run(TestModels.packedImage(2, 4, 32, 48));
            assertEquals(ContractV1.RGB_CHANNELS, out.channels());
            assertEquals(64, out.height());
            assertEquals(96, out.width());
            assertTrue(FloatArrays.standardDeviation(out.data()) > 1e-3, "outputs vary");
        }
    }

    @Test
    void refusesAModelWithoutContractKeyWithTheValidatorsMessage() throws Exception {
        ModelProto good = ModelProto.parseFrom(TestModels.enhancer(3));
        ModelProto.Builder bad = good.toBuilder().clearMetadataProps();
        good.getMetadataPropsList().stream().filter(p -> !p.getKey().equals(MetadataKeys.CONTRACT))
                .forEach(bad::addMetadataProps);
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1))) {
            ContractViolationException e = assertThrows(ContractViolationException.class,
                    () -> engine.loadEnhancer(bad.build().toByteArray()));
            assertTrue(e.getMessage().contains(MetadataKeys.CONTRACT), e.getMessage());
            assertEquals(0, engine.openSessions(), "the refused session is closed, not kept");
        }
    }

    @Test
    void refusesAnEnhancerLoadedAsRatioEstimator() {
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1))) {
            ContractViolationException e = assertThrows(ContractViolationException.class,
                    () -> engine.loadRatioEstimator(TestModels.enhancer(4)));
            assertTrue(e.getMessage().contains("thumb"), e.getMessage());
            assertTrue(e.getMessage().contains(ContractV1.RATIO_CONTRACT), e.getMessage());
        }
    }

    @Test
    void refusesBytesThatAreNoModel() {
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1))) {
            assertThrows(InferenceException.class, () -> engine.loadEnhancer(new byte[] {1, 2, 3, 4}));
            assertEquals(0, engine.openSessions());
        }
    }

    @Test
    void requiredGpuFailsHardWhereThereIsNone() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "a CUDA build is on the class path");
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1).withAccelerator(Accelerator.CUDA_REQUIRED))) {
            GpuUnavailableException e = assertThrows(GpuUnavailableException.class,
                    () -> engine.loadEnhancer(TestModels.enhancer(5)));
            assertTrue(e.getMessage().contains("requires CUDA"), e.getMessage());
            assertEquals(0, engine.openSessions());
        }
    }

    @Test
    void preferredGpuFallsBackToCpu() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "a CUDA build is on the class path");
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1).withAccelerator(Accelerator.CUDA_PREFERRED));
                EnhancerSession enhancer = engine.loadEnhancer(TestModels.enhancer(6))) {
            assertEquals(ExecutionProvider.CPU, enhancer.provider());
            assertEquals(128, enhancer.run(TestModels.packedImage(7, 4, 64, 16)).height());
        }
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        PlanarImage input = TestModels.packedImage(8, 4, 48, 64);
        try (InferenceEngine one = new InferenceEngine(EngineConfig.cpu(1));
                InferenceEngine two = new InferenceEngine(EngineConfig.cpu(2).withSpinWait(false));
                EnhancerSession a = one.loadEnhancer(TestModels.enhancer(9));
                EnhancerSession b = two.loadEnhancer(TestModels.enhancer(9))) {
            float[] x = a.run(input).data();
            float[] y = b.run(input).data();
            assertTrue(FloatArrays.maxAbsDiff(x, y) < 1e-4, "max diff " + FloatArrays.maxAbsDiff(x, y));
            assertTrue(FloatArrays.standardDeviation(x) > 1e-3);
        }
    }

    @Test
    void closedSessionsRefuseWorkAndCloseTwiceSafely() {
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1))) {
            EnhancerSession enhancer = engine.loadEnhancer(TestModels.enhancer(10));
            RatioSession ratio = engine.loadRatioEstimator(TestModels.ratioEstimator(11));
            assertEquals(2, engine.openSessions());
            enhancer.close();
            enhancer.close();
            assertEquals(1, engine.openSessions());
            assertThrows(IllegalStateException.class, () -> enhancer.run(TestModels.packedImage(1, 4, 16, 16)));
            engine.close();
            assertTrue(ratio.isClosed(), "the engine closes what is still open");
            assertThrows(IllegalStateException.class, () -> engine.loadEnhancer(TestModels.enhancer(12)));
        }
    }

    @Test
    void runIntoWritesTheSameAsTheCopyingRun() {
        PlanarImage input = TestModels.packedImage(13, 4, 32, 32);
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1));
                EnhancerSession enhancer = engine.loadEnhancer(TestModels.enhancer(14))) {
            float[] expected = enhancer.run(input).data();
            java.nio.FloatBuffer in = java.nio.ByteBuffer.allocateDirect(input.data().length * 4)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().put(input.data()).flip();
            java.nio.FloatBuffer out = java.nio.ByteBuffer.allocateDirect(expected.length * 4)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            enhancer.runInto(in, out, 1, 32, 32);
            float[] actual = new float[expected.length];
            out.get(0, actual);
            assertArrayEquals(expected, actual);
        }
    }
}
