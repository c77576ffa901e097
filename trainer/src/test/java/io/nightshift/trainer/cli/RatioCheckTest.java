package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.trainer.data.WholeFrames;
import io.nightshift.trainer.eval.OracleRatio;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle's clean thumb is the worker's thumb of the same frame without its noise. */
class RatioCheckTest {

    @TempDir
    Path dir;

    @Test
    void aCleanThumbIsTheTargetDarkenedAndReduced() {
        PlanarImage target = PlanarImage.zeros(3, 40, 60);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 60; x++) {
                    target.data()[target.index(c, y, x)] = 0.2f * (c + 1);
                }
            }
        }
        PlanarImage thumb = OracleRatio.cleanThumb(target, 8);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.2 * (c + 1) / 8, thumb.get(c, 17, 33), 1e-6, "channel " + c);
        }
    }

    @Test
    void theCleanThumbMatchesTheWorkersThumbOfALowRatioFrame() throws Exception {
        BufferedImage image = new BufferedImage(320, 220, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 220; y++) {
            for (int x = 0; x < 320; x++) {
                int r = 60 + x * 150 / 320;
                int g = 40 + y * 180 / 220;
                image.setRGB(x, y, (r << 16) | (g << 8) | 120);
            }
        }
        Path photo = dir.resolve("ramp.png");
        ImageIO.write(image, "png", photo.toFile());
        WholeFrames frames = new WholeFrames(List.of(photo), 5, 1, 200, 300);
        WholeFrames.Item item = frames.item(0);
        assertEquals("1-10", item.band(), "item 0 is in the lowest band");
        PlanarImage worker;
        try (RawDecoder decoder = new RawDecoder()) {
            worker = RatioCheck.workerThumb(decoder, item.frame().dng());
        }
        PlanarImage clean = OracleRatio.cleanThumb(item.frame().target(), item.ratio());
        for (int c = 0; c < 3; c++) {
            double w = 0;
            double k = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    w += worker.get(c, y, x);
                    k += clean.get(c, y, x);
                }
            }
            assertTrue(k > 0 && Math.abs(w / k - 1) < 0.03, "channel " + c + ": worker " + w + ", clean " + k);
        }
    }
}
