package io.nightshift.trainer.export;

import io.nightshift.contract.ModelRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An export that passed validation and its parity checks.
 *
 * @param role   enhancer or ratio estimator
 * @param fp32   the FP32 ONNX model
 * @param fp16   the FP16 variant (float32 inputs and outputs, Cast inside); null for the ratio CNN, which ships in
 *               FP32 only
 * @param parity the measured differences
 */
public record ExportedModel(ModelRole role, byte[] fp32, byte[] fp16, Parity parity) {

    /** Writes {@code <stem>.onnx} and, when there is one, {@code <stem>.fp16.onnx} into {@code dir}; returns the FP32 file. */
    public Path writeTo(Path dir, String stem) throws IOException {
        Files.createDirectories(dir);
        Path f32 = dir.resolve(stem + ".onnx");
        Files.write(f32, fp32);
        if (fp16 != null) {
            Files.write(dir.resolve(stem + ".fp16.onnx"), fp16);
        }
        return f32;
    }
}
