package io.nightshift.trainer.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.onnx.quant.CalibrationInput;
import io.nightshift.contract.onnx.quant.EnhancerQuantizer;
import io.nightshift.contract.onnx.quant.RangeMethod;
import io.nightshift.contract.validation.ContractValidator;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.export.ExportException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * INT8 export parity on the committed default U-Net, calibrated on training-split photographs as
 * {@code nightshift quantize} does (fewer inputs, for time): the shipped recipe passes {@link Int8Parity#MIN_PSNR_DB}
 * against FP32, and a recipe known to be wrong for this network (min/max ranges, every decoder level quantized) is
 * refused — the tolerance tells them apart.
 */
class Int8ExportTest {

    private static final Path HOME = Path.of(System.getProperty("nightshift.home", ".."));

    static byte[] fp32;
    static List<CalibrationInput> calibration;
    static List<CalibrationInput> parity;

    @BeforeAll
    static void readModelAndPhotos() throws Exception {
        fp32 = Files.readAllBytes(HOME.resolve("models/default/enhancer.onnx"));
        CalibrationData data = CalibrationData.fromPhotos(PhotoSources.DEFAULT_FOLDERS, 6, 1);
        calibration = data.inputs(12, Int8Export.CALIBRATION_STREAM);
        parity = data.inputs(6, Int8Export.PARITY_STREAM);
    }

    @Test
    void theShippedRecipePassesParityAndTheContract() throws Exception {
        Int8Export export = Int8Export.of(fp32, calibration, parity, EnhancerQuantizer.defaults(), 2);
        assertTrue(export.parity().passes(), export.parity().toString());
        assertTrue(export.parity().psnrDb() < 80, "quantized, so not bit-exact: " + export.parity());
        ContractValidator.validate(export.int8(), ModelRole.ENHANCER);
        ModelProto model = ModelProto.parseFrom(export.int8());
        assertEquals("int8", model.getMetadataPropsList().stream()
                .filter(e -> e.getKey().equals(MetadataKeys.PRECISION)).findFirst().orElseThrow().getValue());
        assertTrue(export.int8().length < fp32.length * 0.3, export.int8().length + " B against " + fp32.length);
    }

    @Test
    void aRecipeWrongForThisNetworkIsRefused() {
        EnhancerQuantizer naive = EnhancerQuantizer.defaults().withMethod(RangeMethod.MIN_MAX).withFloatLevels(0);
        ExportException e = assertThrows(ExportException.class, () -> Int8Export.of(fp32, calibration, parity, naive, 2));
        assertTrue(e.getMessage().contains("disagrees with FP32"), e.getMessage());
    }
}
