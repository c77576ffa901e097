package io.nightshift.trainer.quant;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.onnx.quant.CalibrationInput;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How close the INT8 enhancer's output is to the FP32 one's, on training-data inputs the calibration did not see
 * (another stream of {@link CalibrationData}): PSNR of INT8 against FP32 over all outputs clipped to [0, 1] (the
 * range post-processing keeps), and the largest absolute difference.
 *
 * <p>Tolerance: {@link #MIN_PSNR_DB} = 40 dB (~1 % RMS of full scale). Measured on the committed default U-Net
 * (24 training-split photographs, 32 calibration and 16 parity inputs of 256 × 256 packed): the shipped recipe
 * 48.1 dB (max |Δ| 0.61 at single pixels, where an activation passed its clipped range); a naive recipe (min/max
 * ranges, every level quantized) 23 dB, which the bound refuses. The bound catches a broken quantization (a wrong
 * scale, a channel out of order, an unfused zero point), not every quality loss: a recipe at 43.7 dB still lost
 * 0.39 dB against ground truth on the held-out set — that budget (≤ 0.3 dB at ratios 100–300) is
 * {@code Int8Benchmark}'s to check.
 *
 * @param psnrDb     PSNR of INT8 against FP32, dB
 * @param maxAbsDiff the largest |INT8 − FP32| (unclipped)
 * @param inputs     how many inputs were compared
 */
public record Int8Parity(double psnrDb, double maxAbsDiff, int inputs) {

    /** The export is refused below this PSNR of INT8 against FP32. */
    public static final double MIN_PSNR_DB = 40;

    public boolean passes() {
        return psnrDb >= MIN_PSNR_DB;
    }

    /** Runs both models ({@code threads} ONNX Runtime threads each) on every input. */
    public static Int8Parity measure(byte[] fp32, byte[] int8, List<CalibrationInput> inputs, int threads)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double squared = 0;
        long count = 0;
        double maxAbs = 0;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            try (OrtSession a = env.createSession(fp32, options); OrtSession b = env.createSession(int8, options)) {
                for (CalibrationInput input : inputs) {
                    float[] ya = run(env, a, input);
                    float[] yb = run(env, b, input);
                    for (int i = 0; i < ya.length; i++) {
                        double d = clip(ya[i]) - clip(yb[i]);
                        squared += d * d;
                        maxAbs = Math.max(maxAbs, Math.abs(ya[i] - yb[i]));
                    }
                    count += ya.length;
                }
            }
        }
        return new Int8Parity(10 * Math.log10(count / Math.max(squared, 1e-30)), maxAbs, inputs.size());
    }

    private static double clip(float v) {
        return Math.max(0, Math.min(1, v));
    }

    private static float[] run(OrtEnvironment env, OrtSession session, CalibrationInput input) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.values()), input.shape());
                OrtSession.Result result = session.run(Map.of(ContractV1.ENHANCER_INPUT, x))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "INT8 against FP32 on %d training-data inputs: %.2f dB (≥ %.0f), max |Δ| %.3f",
                inputs, psnrDb, MIN_PSNR_DB, maxAbsDiff);
    }
}
