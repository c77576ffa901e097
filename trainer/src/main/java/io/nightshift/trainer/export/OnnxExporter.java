package io.nightshift.trainer.export;

import io.nightshift.contract.FloatArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.NamedWeights;
import io.nightshift.contract.onnx.Precision;
import io.nightshift.contract.validation.ContractValidator;
import io.nightshift.contract.validation.ContractViolationException;
import io.nightshift.trainer.engine.TorchEngine;
import io.nightshift.trainer.nn.ContractNetwork;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Exports a trained {@link ContractNetwork} to ONNX through the contract's builder, name for name,
 * and refuses the export unless it is provably the same function:
 * <ol>
 *   <li>every DJL parameter is used by the graph (a misnamed one fails);</li>
 *   <li>the graph passes {@link ContractValidator} for the network's role, from its protobuf and again as
 *       ONNX Runtime loads it, and one {@code ContractProbe} run (what the inference core's registry does);</li>
 *   <li>ONNX Runtime and DJL (inference mode: BN with running statistics) agree on random inputs
 *       within {@link Parity#FP32_TOLERANCE};</li>
 *   <li>the FP16 variant agrees with the FP32 export within {@link Parity#FP16_TOLERANCE}.</li>
 * </ol>
 *
 * <p>Only the enhancer gets an FP16 variant ({@link #shipsFp16}). The ratio CNN is exported in FP32 alone: its
 * output, log2 of a ratio up to 300 (≈ 8.2), sits where float16's spacing is 2⁻⁸ to 2⁻⁷, so a trained ratio CNN
 * breaks the absolute 5e-3 bound (5.7e-3 measured), and at ~0.1 ms per thumb on a CPU it has nothing to gain
 * from half precision on a GPU. A worker on a GPU pairs the FP16 enhancer with the FP32 ratio CNN.
 */
public final class OnnxExporter {

    private final long seed;
    private final int batch;
    private final int sizeFactor;

    /**
     * @param seed       of the random parity inputs (uniform in [0, 1), the range of contract inputs)
     * @param batch      parity batch size
     * @param sizeFactor parity input sides as multiples of the network's smallest legal input
     */
    public OnnxExporter(long seed, int batch, int sizeFactor) {
        if (batch < 1 || sizeFactor < 1) {
            throw new IllegalArgumentException("batch and size factor must be positive");
        }
        this.seed = seed;
        this.batch = batch;
        this.sizeFactor = sizeFactor;
    }

    /** Seed 7, batch 2, the smallest legal input ×2 (e.g. 32×64 packed for a five-level U-Net). */
    public static OnnxExporter defaults() {
        return new OnnxExporter(7, 2, 2);
    }

    /**
     * @param options model version and metadata; the precision is set here (FP32 and FP16 are both built)
     * @throws ExportException when any check fails
     */
    public ExportedModel export(ContractNetwork network, ExportOptions options) {
        return export(network, network.namedWeights(), options);
    }

    /** {@link #export(ContractNetwork, ExportOptions)} with the parameters given by name. */
    ExportedModel export(ContractNetwork network, Map<String, float[]> params, ExportOptions options) {
        NamedWeights named = new NamedWeights(params);
        boolean half = shipsFp16(network.role());
        byte[] fp32;
        byte[] fp16;
        try {
            fp32 = network.toOnnx(named, options.withPrecision(Precision.FP32)).toByteArray();
            fp16 = half ? network.toOnnx(new NamedWeights(params), options.withPrecision(Precision.FP16)).toByteArray()
                    : null;
        } catch (IllegalArgumentException e) {
            throw new ExportException("the contract builder refused the parameters of " + network.architecture()
                    + ": " + e.getMessage(), e);
        }
        if (!named.unused().isEmpty()) {
            throw new ExportException("parameters the graph never asked for (misnamed?): " + named.unused());
        }
        try {
            ContractValidator.validate(fp32, network.role());
            if (fp16 != null) {
                ContractValidator.validate(fp16, network.role());
            }
        } catch (ContractViolationException e) {
            throw new ExportException("the export breaks contract " + e.contract() + ": " + e.problems(), e);
        }
        Parity parity = measure(network, fp32, fp16);
        if (!(parity.fp32MaxAbsDiff() <= Parity.FP32_TOLERANCE)) {
            throw new ExportException("ONNX Runtime and DJL disagree: " + parity);
        }
        if (fp16 != null && !(parity.fp16MaxAbsDiff() <= Parity.FP16_TOLERANCE)) {
            throw new ExportException("the FP16 variant disagrees with FP32: " + parity);
        }
        return new ExportedModel(network.role(), fp32, fp16, parity);
    }

    /** Whether exports of this role get an FP16 variant: the enhancer's only (see the class comment). */
    public static boolean shipsFp16(ModelRole role) {
        return role == ModelRole.ENHANCER;
    }

    /** Runs DJL and both exports on the same random input ({@code fp16} may be null: its difference is then NaN). */
    public Parity measure(ContractNetwork network, byte[] fp32, byte[] fp16) {
        long[] shape = scaled(network.inputShape(batch), network.role());
        float[] input = randomInput(shape);
        float[] reference = forward(network, input, shape);
        float[] ort32 = OrtRunner.run(fp32, network.role(), input, shape);
        if (fp16 == null) {
            if (ort32.length != reference.length) {
                throw new ExportException("outputs differ in size: DJL " + reference.length + ", FP32 " + ort32.length);
            }
            return new Parity(shape, FloatArrays.maxAbsDiff(ort32, reference), Double.NaN, Parity.maxAbs(reference));
        }
        float[] ort16 = OrtRunner.run(fp16, network.role(), input, shape);
        if (ort32.length != reference.length || ort16.length != reference.length) {
            throw new ExportException("outputs differ in size: DJL " + reference.length + ", FP32 " + ort32.length
                    + ", FP16 " + ort16.length);
        }
        return new Parity(shape, FloatArrays.maxAbsDiff(ort32, reference), FloatArrays.maxAbsDiff(ort16, ort32),
                Parity.maxAbs(reference));
    }

    /** Enhancer inputs grow by the size factor; the thumb's 64×64 is fixed. */
    private long[] scaled(Shape base, ModelRole role) {
        long[] s = base.getShape().clone();
        if (role == ModelRole.ENHANCER) {
            s[2] *= sizeFactor;
            s[3] *= sizeFactor;
        }
        return s;
    }

    private float[] randomInput(long[] shape) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }

    /** DJL's output in inference mode (batch norm with running statistics). */
    static float[] forward(ContractNetwork network, float[] input, long[] shape) {
        try (NDManager manager = TorchEngine.get().newBaseManager()) {
            NDArray x = manager.create(input, new Shape(shape));
            NDList y = network.forward(new ParameterStore(manager, false), new NDList(x), false);
            return y.singletonOrThrow().toFloatArray();
        }
    }
}
