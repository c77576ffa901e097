package io.nightshift.inference.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.EnhancerContract;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.NoisePlanes;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * A loaded enhancer (contract {@code enhancer/v1}, or v2 with two noise planes): {@code packed [N, 4|6, h, w]} →
 * {@code rgb [N, 3, 2h, 2w]}. Thread-safe (ONNX Runtime sessions are); every tensor and result is
 * closed before a call returns.
 */
public final class EnhancerSession extends ModelSession {

    private final EnhancerContract contract;

    EnhancerSession(InferenceEngine engine, OrtSession session, ExecutionProvider provider, EnhancerContract contract)
            throws OrtException {
        super(engine, session, ModelRole.ENHANCER, provider);
        this.contract = contract;
    }

    /** The contract version of this enhancer's input (v2 adds two noise planes). */
    public EnhancerContract contract() {
        return contract;
    }

    /**
     * The noise planes this enhancer reads for a packed frame (before white balance and amplification, as the
     * decoder packed it) amplified by {@code ratio}: estimated for a v2 enhancer, null for a v1 one (which reads
     * none: the estimate is skipped).
     */
    public NoisePlanes noisePlanes(PlanarImage packed, double ratio) {
        return contract.noisePlanes() == 0 ? null : NoisePlanes.of(packed, ratio);
    }

    /** Channels of this enhancer's input: 4 in v1, 6 in v2. */
    public int inputChannels() {
        return contract.inputChannels();
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
        int c = inputChannels();
        if (packed.remaining() != (long) n * c * h * w || out.length < outLength) {
            throw new IllegalArgumentException("batch " + n + "×" + c + "×" + h + "×" + w + " needs " + (long) n * c * h * w
                    + " input values (got " + packed.remaining() + ") and room for " + outLength + " outputs (got "
                    + out.length + ")");
        }
        long[] shape = {n, c, h, w};
        try (Run run = run(); OnnxTensor input = OnnxTensor.createTensor(engine().environment(), packed, shape);
                OrtSession.Result result = run.session().run(Map.of(ContractV1.ENHANCER_INPUT, input))) {
            OnnxTensor rgb = (OnnxTensor) result.get(ContractV1.ENHANCER_OUTPUT).orElseThrow();
            FloatBuffer values = rgb.getFloatBuffer();
            if (values.remaining() != outLength) {
                throw new IllegalStateException("enhancer gave " + values.remaining() + " values, expected " + outLength);
            }
            values.get(out, 0, (int) outLength);
        } catch (OrtException e) {
            throw new InferenceException("enhancer " + modelVersion() + " failed on batch " + n + "×" + inputChannels()
                    + "×" + h + "×" + w, e);
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
        int c = inputChannels();
        long inLength = (long) n * c * h * w;
        long outLength = (long) n * ContractV1.RGB_CHANNELS * ContractV1.UPSCALE * h * ContractV1.UPSCALE * w;
        if (packed.remaining() < inLength || rgb.remaining() < outLength) {
            throw new IllegalArgumentException("batch " + n + "×" + c + "×" + h + "×" + w + " needs " + inLength
                    + " input values (got " + packed.remaining() + ") and " + outLength + " output values (got "
                    + rgb.remaining() + ")");
        }
        long[] inShape = {n, c, h, w};
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
            throw new InferenceException("enhancer " + modelVersion() + " failed on batch " + n + "×" + inputChannels()
                    + "×" + h + "×" + w, e);
        }
    }

    /**
     * Runs one image ({@link #inputChannels()} channels) whose height and width are multiples of 16; returns
     * {@code [3, 2h, 2w]}.
     */
    public PlanarImage run(PlanarImage packed) {
        if (packed.channels() != inputChannels()) {
            throw new IllegalArgumentException("the enhancer (" + contract.key() + ") takes " + inputChannels()
                    + " channels, got " + packed.channels());
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
