package io.nightshift.contract.onnx.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.onnx.Activation;
import io.nightshift.contract.onnx.EnhancerNetwork;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.Precision;
import io.nightshift.contract.onnx.UNetConfig;
import io.nightshift.contract.testing.OrtRunner;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The enhancer's static QDQ quantization on a random-weight residual U-Net, run for real in ONNX Runtime:
 * the contract's ports stay float32, every convolution but the head becomes int8, the output stays near FP32's,
 * and ONNX Runtime's profiler shows the convolutions running as QLinearConv.
 */
class QdqQuantizerTest {

    private static final UNetConfig NET = new UNetConfig(List.of(8, 16, 16, 16, 16), false,
            Activation.LEAKY_RELU_0_2, UNetConfig.DEFAULT_EPSILON, true);
    /** 5 levels × 2 convs + 4 on the way up × 3 (the up-convolution and two 3×3) + head + input residual. */
    private static final int CONVS = 5 * 2 + 4 * 3 + 2;
    /** The defaults keep in FP32 the head, the input residual and each top decoder level's three (up, two 3×3). */
    private static final int FLOAT_CONVS = 2 + 3 * EnhancerQuantizer.defaults().floatLevels();
    private static final long[] SHAPE = {1, 4, 64, 96};

    static ModelProto fp32;
    static ModelProto int8;

    @BeforeAll
    static void quantize() throws OrtException {
        fp32 = EnhancerNetwork.random(NET, 3, ExportOptions.of("qdq-test"));
        List<CalibrationInput> calibration = new ArrayList<>();
        for (int seed = 1; seed <= 4; seed++) {
            calibration.add(new CalibrationInput(darkScene(seed), SHAPE));
        }
        int8 = EnhancerQuantizer.defaults().quantize(fp32, calibration, 2);
    }

    /** A smooth scene with noise, in the contract's input range (packed × ratio, mostly below 1). */
    static float[] darkScene(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int h = (int) SHAPE[2];
        int w = (int) SHAPE[3];
        float[] x = new float[4 * h * w];
        double phase = random.nextDouble() * 6;
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < h; y++) {
                for (int i = 0; i < w; i++) {
                    double level = 0.3 + 0.25 * Math.sin(phase + y / 9.0) * Math.cos(i / 13.0 + c);
                    x[(c * h + y) * w + i] = (float) Math.max(0, level + 0.05 * random.nextGaussian());
                }
            }
        }
        return x;
    }

    @Test
    void everyConvolutionButTheHeadIsInt8AndThePortsStayFloat() {
        assertEquals("int8", metadata(int8, MetadataKeys.PRECISION));
        assertEquals("qdq-test", metadata(int8, MetadataKeys.MODEL_VERSION), "the other metadata is kept");
        assertEquals(ContractV1.ENHANCER_INPUT, int8.getGraph().getInput(0).getName());
        assertEquals(TensorProto.DataType.FLOAT_VALUE, int8.getGraph().getInput(0).getType().getTensorType().getElemType());
        assertEquals(TensorProto.DataType.FLOAT_VALUE, int8.getGraph().getOutput(0).getType().getTensorType().getElemType());
        long int8Weights = int8.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == TensorProto.DataType.INT8_VALUE && t.getDimsCount() == 4).count();
        assertEquals(CONVS - FLOAT_CONVS, int8Weights, "all convolutions but the head, input residual and dec0");
        assertTrue(int8.getGraph().getInitializerList().stream()
                .anyMatch(t -> t.getName().equals("head.weight") && t.getDataType() == TensorProto.DataType.FLOAT_VALUE));
        long int32Biases = int8.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == TensorProto.DataType.INT32_VALUE && t.getName().endsWith("bias_quantized"))
                .count();
        assertEquals(CONVS - FLOAT_CONVS, int32Biases, "each quantized convolution's bias (up-convolutions' too)");
        assertTrue(int8.getSerializedSize() < fp32.getSerializedSize() * 0.7, // tiny net: names, scales, FP32 levels
                int8.getSerializedSize() + " bytes against " + fp32.getSerializedSize());
    }

    /** Parity against FP32 on an input the calibration never saw: see {@code Int8Parity} in the trainer. */
    @Test
    void theOutputStaysCloseToFp32() throws OrtException {
        float[] input = darkScene(99);
        float[] a = OrtRunner.run(fp32, ContractV1.ENHANCER_INPUT, input, SHAPE).data();
        OrtRunner.Output q = OrtRunner.run(int8, ContractV1.ENHANCER_INPUT, input, SHAPE);
        assertEquals(List.of(1L, 3L, 128L, 192L), List.of(q.shape()[0], q.shape()[1], q.shape()[2], q.shape()[3]));
        double mse = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - q.data()[i];
            mse += d * d;
        }
        double psnr = 10 * Math.log10(1 / (mse / a.length));
        assertTrue(psnr >= 35 && psnr < 200, "INT8 against FP32: " + psnr + " dB (quantized, not the same graph)");
    }

    @Test
    void onnxRuntimeRunsTheConvolutionsAsQLinearConv(@org.junit.jupiter.api.io.TempDir Path dir)
            throws OrtException, IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path trace;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.enableProfiling(dir.resolve("int8").toString());
            try (OrtSession session = env.createSession(int8.toByteArray(), options);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(darkScene(5)), SHAPE);
                    OrtSession.Result result = session.run(Map.of(ContractV1.ENHANCER_INPUT, x))) {
                trace = Path.of(session.endProfiling());
            }
        }
        KernelProfile profile = KernelProfile.read(trace);
        assertEquals(CONVS - FLOAT_CONVS, profile.calls("QLinearConv"), profile.ops().toString());
        assertEquals(FLOAT_CONVS, profile.calls("Conv"), "the convolutions kept in FP32 only: " + profile.ops());
        // no assertion on time shares: they are timings (a loaded machine gave ReorderInput 79 %), which
        // `./nightshift bench engine --int8` reports
        System.out.println(profile.sharesJson());
    }

    @Test
    void onlyFp32GraphsAreQuantizedAndEveryRangeIsNeeded() {
        ModelProto fp16 = EnhancerNetwork.random(NET, 3, ExportOptions.of("qdq-test").withPrecision(Precision.FP16));
        assertThrows(IllegalArgumentException.class, () -> EnhancerQuantizer.defaults().quantizer(fp16));
        QdqQuantizer quantizer = EnhancerQuantizer.defaults().quantizer(fp32);
        assertEquals(CONVS - FLOAT_CONVS, quantizer.quantizedConvCount());
        assertTrue(quantizer.activationTensors().contains(ContractV1.ENHANCER_INPUT), "the first conv reads the input");
        assertThrows(IllegalArgumentException.class, () -> quantizer.quantize(Map.of()));
        QdqQuantizer firstKept = EnhancerQuantizer.defaults().withFirstConv(false).quantizer(fp32);
        assertEquals(CONVS - FLOAT_CONVS - 1, firstKept.quantizedConvCount());
        assertEquals(CONVS - 2, EnhancerQuantizer.defaults().withFloatLevels(0).quantizer(fp32).quantizedConvCount());
        assertTrue(!firstKept.activationTensors().contains(ContractV1.ENHANCER_INPUT));
    }

    @Test
    void rangesHoldZeroExactlyAndPercentilesClipOutliers() throws OrtException {
        ActivationRange.QuantParams p = new ActivationRange(-0.5f, 2f).uint8();
        assertEquals(0f, p.scale() * (p.zeroPoint() - p.zeroPoint()));
        assertEquals(51, p.zeroPoint(), "0.0 lands on a code: round(0.5 / (2.5 / 255))");
        assertEquals(0, new ActivationRange(0.2f, 1f).uint8().zeroPoint(), "the range is widened to hold 0");
        assertEquals(2f / 127, new ActivationRange(-0.5f, 2f).int8().scale(), 1e-9);

        float[] input = darkScene(7);
        input[123] = 40f; // one hot pixel
        RangeCalibrator calibrator = new RangeCalibrator(fp32, List.of(ContractV1.ENHANCER_INPUT))
                .run(List.of(new CalibrationInput(input, SHAPE)), 1);
        assertEquals(40f, calibrator.ranges(RangeMethod.MIN_MAX).get(ContractV1.ENHANCER_INPUT).max());
        assertTrue(calibrator.ranges(RangeMethod.percentile(99.9)).get(ContractV1.ENHANCER_INPUT).max() < 1f);
    }

    private static String metadata(ModelProto model, String key) {
        return QdqQuantizer.metadata(model, key);
    }
}
