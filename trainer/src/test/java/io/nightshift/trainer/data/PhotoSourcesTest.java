package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.contract.PlanarImage;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One source per picture: a wallpaper package's sizes and screenshot count once. */
class PhotoSourcesTest {

    @TempDir
    Path dir;

    @Test
    void onePhotographPerPackageTheLargestWithoutScreenshots() throws Exception {
        Path small = write("Altai/contents/images/40x20.png", 40, 20);
        Path large = write("Altai/contents/images/80x40.png", 80, 40);
        write("Altai/contents/screenshot.png", 400, 200);
        write("Altai/contents/images_dark/60x30.png", 60, 30);
        Path loose = write("loose.png", 30, 30);
        assertEquals(List.of(large, loose), PhotoSources.list(dir));
        assertEquals(800, PhotoSources.pixelCount(small));
    }

    @Test
    void downscalesByAnIntegerBoxFilterToTheMaximumSide() {
        PlanarImage image = PlanarImage.zeros(3, 4, 10);
        for (int i = 0; i < image.data().length; i++) {
            image.data()[i] = i % 2; // alternating columns (width even)
        }
        PlanarImage half = PhotoSources.downscale(image, 5);
        assertEquals(2, half.height());
        assertEquals(5, half.width());
        for (float v : half.data()) {
            assertEquals(0.5f, v, 1e-6f);
        }
        assertEquals(image, PhotoSources.downscale(image, 10));
    }

    private Path write(String name, int w, int h) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", p.toFile());
        return p;
    }
}
