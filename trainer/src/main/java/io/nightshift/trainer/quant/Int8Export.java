package io.nightshift.trainer.quant;

import io.nightshift.contract.EnhancerContract;
import io.nightshift.contract.validation.ContractValidator;
import io.nightshift.contract.validation.ProtoSignatures;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import io.nightshift.contract.onnx.quant.CalibrationInput;
import io.nightshift.contract.onnx.quant.EnhancerQuantizer;
import io.nightshift.trainer.export.ExportException;
import java.util.List;

/**
 * Quantizes an FP32 enhancer export with {@link EnhancerQuantizer} on training-data calibration inputs and refuses
 * the result unless its {@link Int8Parity} against FP32, on other training-data inputs, passes.
 *
 * @param int8   the INT8 enhancer's ONNX bytes
 * @param parity its measured agreement with FP32
 */
public record Int8Export(byte[] int8, Int8Parity parity) {

    /** Calibration inputs drawn ({@link CalibrationData#PATCH} packed a side). */
    public static final int CALIBRATION_INPUTS = 32;
    /** Parity inputs drawn, from another stream. */
    public static final int PARITY_INPUTS = 16;
    static final long CALIBRATION_STREAM = 8_001;
    static final long PARITY_STREAM = 8_002;

    /**
     * @throws ExportException when ONNX Runtime cannot run either model or parity fails
     */
    public static Int8Export of(byte[] fp32, CalibrationData data, EnhancerQuantizer recipe, int threads) {
        EnhancerContract contract = ContractValidator.enhancerContract(ProtoSignatures.read(fp32));
        return of(fp32, data.inputs(CALIBRATION_INPUTS, CALIBRATION_STREAM, contract),
                data.inputs(PARITY_INPUTS, PARITY_STREAM, contract),
                recipe, threads);
    }

    public static Int8Export of(byte[] fp32, List<CalibrationInput> calibration, List<CalibrationInput> parityInputs,
            EnhancerQuantizer recipe, int threads) {
        try {
            byte[] int8 = recipe.quantize(ModelProto.parseFrom(fp32), calibration, threads).toByteArray();
            Int8Parity parity = Int8Parity.measure(fp32, int8, parityInputs, threads);
            if (!parity.passes()) {
                throw new ExportException("the INT8 enhancer disagrees with FP32: " + parity);
            }
            return new Int8Export(int8, parity);
        } catch (OrtException e) {
            throw new ExportException("ONNX Runtime could not calibrate or run the INT8 enhancer: " + e.getMessage(), e);
        } catch (shade.com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ExportException("the FP32 enhancer is not an ONNX model: " + e.getMessage(), e);
        }
    }
}
