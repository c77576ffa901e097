package io.nightshift.trainer.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.UNetConfig;
import io.nightshift.trainer.export.ExportedModel;
import io.nightshift.trainer.export.OnnxExporter;
import io.nightshift.trainer.export.Parity;
import io.nightshift.trainer.nn.RatioCnn;
import io.nightshift.trainer.nn.UNet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A few Adam + L1 steps on a tiny random set reduce the loss. */
class SupervisedTrainerTest {

    @Test
    void batchNormUNetLearnsATinySet() {
        UNet net = new UNet(UNetConfig.batchNormVariant(4));
        Shape in = new Shape(4, 4, 32, 32);
        try (SupervisedTrainer trainer = new SupervisedTrainer(net, in, 3e-3f, 11)) {
            NDManager m = trainer.manager();
            m.getEngine().setRandomSeed(12);
            NDArray x = m.randomUniform(0, 1, in);
            // a learnable target: a fixed function of the input (each packed channel upsampled, three of them)
            NDArray y = x.get(":, 0:3, :, :").repeat(2, 2).repeat(3, 2).mul(0.5f).add(0.1f);
            assertLossFalls(trainer, x, y, 30);
            // what Adam and batch norm's running statistics left behind exports with parity
            ExportedModel model = OnnxExporter.defaults().export(net, ExportOptions.of("trained-test"));
            System.out.println("trained " + model.parity());
            assertTrue(model.parity().fp32MaxAbsDiff() <= Parity.FP32_TOLERANCE);
            assertTrue(model.parity().fp16MaxAbsDiff() <= Parity.FP16_TOLERANCE);
        }
    }

    @Test
    void ratioCnnLearnsATinySet() {
        RatioCnn net = new RatioCnn(new RatioNetworkConfig(List.of(4, 8), 8));
        Shape in = new Shape(8, 3, 64, 64);
        try (SupervisedTrainer trainer = new SupervisedTrainer(net, in, 1e-2f, 5)) {
            NDManager m = trainer.manager();
            m.getEngine().setRandomSeed(6);
            NDArray gain = m.randomUniform(0.05f, 1f, new Shape(8, 1, 1, 1));
            NDArray x = m.randomUniform(0, 1, in).mul(gain);
            NDArray y = gain.reshape(8, 1).log2().neg();
            assertLossFalls(trainer, x, y, 40);
        }
    }

    private static void assertLossFalls(SupervisedTrainer trainer, NDArray x, NDArray y, int steps) {
        float before = trainer.loss(x, y);
        float first = trainer.step(x, y);
        float last = first;
        for (int i = 1; i < steps; i++) {
            last = trainer.step(x, y);
        }
        float after = trainer.loss(x, y);
        System.out.printf("%s: eval loss %.4f → %.4f, training loss %.4f → %.4f%n",
                trainer.network().architecture(), before, after, first, last);
        assertTrue(Float.isFinite(last) && Float.isFinite(after), "finite losses");
        assertTrue(last < 0.7f * first, "training loss fell: " + first + " → " + last);
        assertTrue(after < before, "inference-mode loss fell: " + before + " → " + after);
    }
}
