package io.nightshift.inference.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.PlanarImage;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A loaded enhancer (contract {@code enhancer/v1}): {@code packed [N, 4, h, w]} →
 * {@code rgb [N, 3, 2h, 2w]}. Thread-safe (ONNX Runtime sessions are); every tensor and result is
 * closed before a call returns.
 */
public final class EnhancerSession extends ModelSession {

    EnhancerSession(InferenceEngine engine, OrtSession session, ExecutionProvider provider) throws OrtException {
        super(engine, session, ModelRole.ENHANCER, provider);
    }

    /**
     * Runs a batch.
     *
     * @param packed {@code n × 4 × h × w} values from its position to its limit; a direct buffer is
     *               read in place, a heap buffer is copied by ONNX Runtime
     * @param out    receives {@code n × 3 × 2h × 2w} values from index 0
     */
    public void run(FloatBuffer packed, int n, int h, int w, float[] out) {
        checkSize(h, w);
        long outLength = (long) n * ContractV1.RGB_CHANNELS * ContractV1.UPSCALE * h * ContractV1.UPSCALE * w;
        if (packed.remaining() != (long) n * ContractV1.PACKED_CHANNELS * h * w || out.length < outLength) {
            throw new IllegalArgumentException("batch " + n + "×4×" + h + "×" + w + " needs " + (long) n * 4 * h * w
                    + " input values (got " + packed.remaining() + ") and room for " + outLength + " outputs (got "
                    + out.length + ")");
        }
        long[] shape = {n, ContractV1.PACKED_CHANNELS, h, w};
        try (Run run = run(); OnnxTensor input = OnnxTensor.createTensor(engine().environment(), packed, shape);
                OrtSession.Result result = run.session().run(Map.of(ContractV1.ENHANCER_INPUT, input))) {
            OnnxTensor rgb = (OnnxTensor) result.get(ContractV1.ENHANCER_OUTPUT).orElseThrow();
            FloatBuffer values = rgb.getFloatBuffer();
            if (values.remaining() != outLength) {
                throw new IllegalStateException("enhancer gave " + values.remaining() + " values, expected " + outLength);
            }
            values.get(out, 0, (int) outLength);
        } catch (OrtException e) {
            throw new InferenceException("enhancer " + modelVersion() + " failed on batch " + n + "×4×" + h + "×" + w, e);
        }
    }

    /**
     * Runs a batch into a caller-owned output buffer, with no copy on either side: ONNX Runtime reads
     * {@code packed} in place and writes {@code rgb} in place (a pinned output).
     *
     * @param packed direct buffer of {@code n × 4 × h × w} values from its position
     * @param rgb    direct buffer with room for {@code n × 3 × 2h × 2w} values from its position
     */
    public void runInto(FloatBuffer packed, FloatBuffer rgb, int n, int h, int w) {
        checkSize(h, w);
        if (!packed.isDirect() || !rgb.isDirect()) {
            throw new IllegalArgumentException("runInto needs direct buffers (ByteBuffer.allocateDirect, native order)");
        }
        long inLength = (long) n * ContractV1.PACKED_CHANNELS * h * w;
        long outLength = (long) n * ContractV1.RGB_CHANNELS * ContractV1.UPSCALE * h * ContractV1.UPSCALE * w;
        if (packed.remaining() < inLength || rgb.remaining() < outLength) {
            throw new IllegalArgumentException("batch " + n + "×4×" + h + "×" + w + " needs " + inLength
                    + " input values (got " + packed.remaining() + ") and " + outLength + " output values (got "
                    + rgb.remaining() + ")");
        }
        long[] inShape = {n, ContractV1.PACKED_CHANNELS, h, w};
        long[] outShape = {n, ContractV1.RGB_CHANNELS, ContractV1.UPSCALE * h, ContractV1.UPSCALE * w};
        FloatBuffer in = packed.slice().limit((int) inLength);
        FloatBuffer out = rgb.slice().limit((int) outLength);
        try (Run run = run(); OnnxTensor input = OnnxTensor.createTensor(engine().environment(), in, inShape);
                OnnxTensor output = OnnxTensor.createTensor(engine().environment(), out, outShape);
                OrtSession.Result result = run.session().run(Map.of(ContractV1.ENHANCER_INPUT, input),
                        Map.of(ContractV1.ENHANCER_OUTPUT, output))) {
            if (result.get(ContractV1.ENHANCER_OUTPUT).isEmpty()) {
                throw new IllegalStateException("enhancer gave no '" + ContractV1.ENHANCER_OUTPUT + "' output");
            }
        } catch (OrtException e) {
            throw new InferenceException("enhancer " + modelVersion() + " failed on batch " + n + "×4×" + h + "×" + w, e);
        }
    }

    /** Runs one image whose height and width are multiples of 16; returns {@code [3, 2h, 2w]}. */
    public PlanarImage run(PlanarImage packed) {
        if (packed.channels() != ContractV1.PACKED_CHANNELS) {
            throw new IllegalArgumentException("the enhancer takes 4 channels, got " + packed.channels());
        }
        PlanarImage out = PlanarImage.zeros(ContractV1.RGB_CHANNELS,
                ContractV1.UPSCALE * packed.height(), ContractV1.UPSCALE * packed.width());
        run(FloatBuffer.wrap(packed.data()), 1, packed.height(), packed.width(), out.data());
        return out;
    }

    private static void checkSize(int h, int w) {
        if (h <= 0 || w <= 0 || h % ContractV1.SIZE_MULTIPLE != 0 || w % ContractV1.SIZE_MULTIPLE != 0) {
            throw new IllegalArgumentException("enhancer input height and width must be positive multiples of "
                    + ContractV1.SIZE_MULTIPLE + ", got " + h + "×" + w);
        }
    }
}
