package io.nightshift.contract.onnx;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nightshift.contract.EnhancerContract;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.testing.OrtRunner;
import io.nightshift.contract.testing.TestData;
import io.nightshift.contract.validation.ContractValidator;
import io.nightshift.contract.validation.ProtoSignatures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EnhancerNetworkTest {

    @Test
    void sidUNetRunsOnOddMultiplesOf16AndDoublesTheSize() throws Exception {
        ModelProto model = EnhancerNetwork.random(UNetConfig.sid(), 1, ExportOptions.of("test-1"));
        float[] input = TestData.uniform(2, 4 * 48 * 80, 0, 1);

        OrtRunner.Output out = OrtRunner.run(model, "packed", input, 1, 4, 48, 80);

        assertArrayEquals(new long[] {1, 3, 96, 160}, out.shape());
        assertTrue(FloatArrays.standardDeviation(out.data()) > 0.02, "random outputs must vary");
        long inRange = 0;
        for (float v : out.data()) {
            inRange += v >= 0 && v <= 1 ? 1 : 0;
        }
        assertTrue(inRange > out.data().length * 0.8, "a random net's output lies mostly in [0, 1]: " + inRange);
        assertEquals(ModelRole.ENHANCER, ContractValidator.validate(model.toByteArray()));
    }

    @Test
    void sidUNetHasSidsTopologyAndParameterCount() {
        ModelProto model = EnhancerNetwork.random(UNetConfig.sid(), 1, ExportOptions.of("t"));

        long parameters = 0;
        for (TensorProto t : model.getGraph().getInitializerList()) {
            parameters += t.getDimsList().stream().reduce(1L, (a, b) -> a * b);
        }
        // SID's published 7,760,748 parameters, plus the 1×1 up-convolutions' biases that repeat
        // each transposed-convolution bias four times: 3 × (32 + 64 + 128 + 256) more
        assertEquals(7_760_748 + 3 * (32 + 64 + 128 + 256), parameters);

        Set<String> ops = new TreeSet<>();
        int convs = 0;
        for (NodeProto n : model.getGraph().getNodeList()) {
            ops.add(n.getOpType());
            convs += n.getOpType().equals("Conv") ? 1 : 0;
        }
        assertEquals(Set.of("Concat", "Conv", "DepthToSpace", "LeakyRelu", "MaxPool"), ops);
        assertEquals(18 + 4 + 1, convs, "two 3×3 per level, four up-convolutions, one head");
    }

    @Test
    void batchNormVariantRunsBatchesAndEachItemIsIndependent() throws Exception {
        UNetConfig config = UNetConfig.batchNormVariant(8);
        ModelProto model = EnhancerNetwork.random(config, 3, ExportOptions.of("t").withFoldBatchNorm(false));
        int plane = 4 * 80 * 48;
        float[] two = TestData.uniform(4, 2 * plane, 0, 1);

        OrtRunner.Output both = OrtRunner.run(model, "packed", two, 2, 4, 80, 48);
        OrtRunner.Output second = OrtRunner.run(model, "packed", Arrays.copyOfRange(two, plane, 2 * plane), 1, 4, 80, 48);

        assertArrayEquals(new long[] {2, 3, 160, 96}, both.shape());
        float[] secondOfBoth = Arrays.copyOfRange(both.data(), both.data().length / 2, both.data().length);
        assertTrue(FloatArrays.maxAbsDiff(secondOfBoth, second.data()) < 1e-5);
        assertTrue(FloatArrays.maxAbsDiff(Arrays.copyOf(both.data(), both.data().length / 2), secondOfBoth) > 1e-2,
                "different inputs give different outputs");
        assertEquals("bn-unet 8-16-32-64-128", config.architecture());
        assertEquals(16, config.sizeMultiple());
    }

    /**
     * The bilinear base with a zero head is the bilinear demosaic of the mosaic the packing came from, written here
     * pixel by pixel: each colour where the mosaic has it, else the mean of the neighbours across that have it, else
     * of the diagonal ones; at the frame's edges the mean of those inside the frame.
     */
    @Test
    void aBilinearBaseWithAZeroHeadGivesTheBilinearDemosaicEdgesIncluded() throws Exception {
        UNetConfig config = UNetConfig.batchNormVariant(4).withBilinearBase();
        WeightSource zeroHead = new RandomWeights(5).adjusted("head.weight", 0, 0).adjusted("head.bias", 0, 0);
        ModelProto model = EnhancerNetwork.build(config, zeroHead, ExportOptions.of("t"));
        int h = 16;
        int w = 32;
        float[] packed = TestData.uniform(7, 4 * h * w, 0, 1);

        float[] rgb = OrtRunner.run(model, "packed", packed, 1, 4, h, w).data();

        int[][] channelAt = {{0, 1}, {3, 2}}; // R G1 / G2 B
        int[] colourOf = {0, 1, 2, 1};
        int plane = 4 * h * w;
        for (int y = 0; y < 2 * h; y++) {
            for (int x = 0; x < 2 * w; x++) {
                for (int c = 0; c < 3; c++) {
                    double expected = Double.NaN;
                    for (int[][] ring : new int[][][] {{{0, 0}}, {{-1, 0}, {1, 0}, {0, -1}, {0, 1}},
                            {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}}}) {
                        double sum = 0;
                        int n = 0;
                        boolean any = false;
                        for (int[] d : ring) {
                            int yy = y + d[0];
                            int xx = x + d[1];
                            if (colourOf[channelAt[Math.floorMod(yy, 2)][Math.floorMod(xx, 2)]] != c) {
                                continue;
                            }
                            any = true;
                            if (yy >= 0 && yy < 2 * h && xx >= 0 && xx < 2 * w) {
                                sum += packed[channelAt[yy % 2][xx % 2] * h * w + (yy / 2) * w + xx / 2];
                                n++;
                            }
                        }
                        if (any) {
                            expected = sum / n;
                            break;
                        }
                    }
                    assertEquals(expected, rgb[c * plane + y * 2 * w + x], 1e-5, "colour " + c + " at " + x + "," + y);
                }
            }
        }
        assertEquals("bn-unet residual bilinear 4-8-16-32-64", config.architecture());
        assertEquals(ModelRole.ENHANCER, ContractValidator.validate(model.toByteArray()));
        assertThrows(IllegalArgumentException.class, () -> new UNetConfig(config.widths(), true,
                Activation.LEAKY_RELU_0_2, UNetConfig.DEFAULT_EPSILON, false, true));
    }

    /**
     * Contract v2 ({@link UNetConfig#withNoiseInput()}): six input channels, key {@code enhancer/v2}; the residual
     * base reads only the packed four (with a zero head the output is v1's, whatever the planes hold), while the
     * layers read the planes (with the random head the planes change the output).
     */
    @Test
    void aNoiseInputNetworkTakesSixChannelsAndItsBaseReadsOnlyThePackedFour() throws Exception {
        UNetConfig v1 = UNetConfig.batchNormVariant(4).withBilinearBase();
        UNetConfig v2 = v1.withNoiseInput();
        assertEquals(6, v2.inputChannels());
        assertEquals("bn-unet noise residual bilinear 4-8-16-32-64", v2.architecture());
        WeightSource zeroHead = new RandomWeights(5).adjusted("head.weight", 0, 0).adjusted("head.bias", 0, 0);
        int h = 16;
        int w = 32;
        int area = h * w;
        float[] packed = TestData.uniform(8, 4 * area, 0, 1);
        float[] six = Arrays.copyOf(packed, 6 * area);
        Arrays.fill(six, 4 * area, 5 * area, 0.3f);
        Arrays.fill(six, 5 * area, 6 * area, 0.05f);

        ModelProto model = EnhancerNetwork.build(v2, zeroHead, ExportOptions.of("t"));
        assertEquals(EnhancerContract.V2, ContractValidator.enhancerContract(ProtoSignatures.of(model)));
        assertEquals(ModelRole.ENHANCER, ContractValidator.validate(model.toByteArray()));
        float[] base = OrtRunner.run(EnhancerNetwork.build(v1, zeroHead, ExportOptions.of("t")), "packed", packed,
                1, 4, h, w).data();
        assertEquals(0, FloatArrays.maxAbsDiff(base, OrtRunner.run(model, "packed", six, 1, 6, h, w).data()), 1e-6);

        ModelProto random = EnhancerNetwork.random(v2, 9, ExportOptions.of("t"));
        float[] quieter = six.clone();
        Arrays.fill(quieter, 4 * area, 6 * area, 0f);
        assertTrue(FloatArrays.maxAbsDiff(OrtRunner.run(random, "packed", six, 1, 6, h, w).data(),
                OrtRunner.run(random, "packed", quieter, 1, 6, h, w).data()) > 1e-3, "the layers read the planes");
    }

    @Test
    void inputResidualWithAZeroHeadGivesTheInputUpsampledEachColourFromItsOwnChannels() throws Exception {
        UNetConfig config = UNetConfig.batchNormVariant(4).withInputResidual(true);
        WeightSource zeroHead = new RandomWeights(5).adjusted("head.weight", 0, 0).adjusted("head.bias", 0, 0);
        ModelProto model = EnhancerNetwork.build(config, zeroHead, ExportOptions.of("t"));
        int h = 16;
        int w = 32;
        float[] packed = TestData.uniform(6, 4 * h * w, 0, 1);

        float[] rgb = OrtRunner.run(model, "packed", packed, 1, 4, h, w).data();

        int plane = 4 * h * w;
        for (int y = 0; y < 2 * h; y++) {
            for (int x = 0; x < 2 * w; x++) {
                int p = (y / 2) * w + x / 2;
                float g = (packed[h * w + p] + packed[3 * h * w + p]) / 2;
                assertEquals(packed[p], rgb[y * 2 * w + x], 1e-6, "R at " + x + "," + y);
                assertEquals(g, rgb[plane + y * 2 * w + x], 1e-6, "G at " + x + "," + y);
                assertEquals(packed[2 * h * w + p], rgb[2 * plane + y * 2 * w + x], 1e-6, "B at " + x + "," + y);
            }
        }
        assertEquals("bn-unet residual 4-8-16-32-64", config.architecture());
        assertEquals(ModelRole.ENHANCER, ContractValidator.validate(model.toByteArray()));

        // the same weights without the residual: the zero head gives zero, so the residual is all of the above
        float[] direct = OrtRunner.run(EnhancerNetwork.build(config.withInputResidual(false), zeroHead,
                ExportOptions.of("t")), "packed", packed, 1, 4, h, w).data();
        assertEquals(0, FloatArrays.maxAbsDiff(direct, new float[direct.length]), 0);
    }

    @Test
    void namedWeightsReachTheGraphAndUnusedNamesAreReported() {
        UNetConfig config = UNetConfig.sid(2, 4);
        Map<String, float[]> params = new HashMap<>();
        // two levels: enc0 (4→2), enc1 (2→4), up0 (4→8 = 4·2), dec0 (4→2, 2→2), head (2→12)
        params.put("enc0.conv1.weight", new float[2 * 4 * 9]);
        params.put("enc0.conv1.bias", new float[2]);
        params.put("enc0.conv2.weight", new float[2 * 2 * 9]);
        params.put("enc0.conv2.bias", new float[2]);
        params.put("enc1.conv1.weight", new float[4 * 2 * 9]);
        params.put("enc1.conv1.bias", new float[4]);
        params.put("enc1.conv2.weight", new float[4 * 4 * 9]);
        params.put("enc1.conv2.bias", new float[4]);
        params.put("up0.weight", new float[8 * 4]);
        params.put("up0.bias", new float[8]);
        params.put("dec0.conv1.weight", new float[2 * 4 * 9]);
        params.put("dec0.conv1.bias", new float[2]);
        params.put("dec0.conv2.weight", new float[2 * 2 * 9]);
        params.put("dec0.conv2.bias", new float[2]);
        params.put("head.weight", new float[12 * 2]);
        float[] headBias = new float[12];
        headBias[5] = 0.25f;
        params.put("head.bias", headBias);
        params.put("extra.weight", new float[1]);
        NamedWeights weights = new NamedWeights(params);

        ModelProto model = EnhancerNetwork.build(config, weights, ExportOptions.of("t"));

        assertEquals(Set.of("extra.weight"), weights.unused());
        TensorProto bias = model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("head.bias")).findFirst().orElseThrow();
        float fifth = ByteBuffer.wrap(bias.getRawData().toByteArray())
                .order(ByteOrder.LITTLE_ENDIAN).getFloat(5 * 4);
        assertEquals(0.25f, fifth);
    }

    @Test
    void namedWeightsRefuseMissingAndMisSizedParameters() {
        NamedWeights weights = new NamedWeights(Map.of("a.weight", new float[6]));
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> weights.weights("b.weight", 2, 3));
        assertTrue(missing.getMessage().startsWith("no parameter named 'b.weight' of shape [2, 3]"), missing.getMessage());
        IllegalArgumentException size = assertThrows(
                IllegalArgumentException.class, () -> weights.weights("a.weight", 2, 4));
        assertEquals("parameter 'a.weight' has 6 values, shape [2, 4] needs 8", size.getMessage());
    }
}
