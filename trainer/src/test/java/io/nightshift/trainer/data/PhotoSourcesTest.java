package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One source per picture: a wallpaper package's sizes and screenshot count once; extra training pictures are read flat. */
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
    void extraTrainingPicturesAreListedFlatOneSourcePerFile() throws Exception {
        Path b = write("backgrounds/b.jpg", 30, 20);
        Path a = write("backgrounds/a.png", 40, 20);
        write("backgrounds/mate/nature/held.png", 50, 50); // a subfolder (MATE's, the held-out set's) is not read
        Files.writeString(dir.resolve("backgrounds/notes.txt"), "not a picture");
        Files.writeString(dir.resolve("backgrounds/broken.png"), "not a PNG either"); // unreadable: skipped
        Path single = write("skimage/coffee.png", 60, 40);
        assertEquals(List.of(a, b), PhotoSources.listFlat(dir.resolve("backgrounds")));
        assertEquals(List.of(a, b, single), PhotoSources.listFlat(List.of(dir.resolve("backgrounds"), single)));
        assertEquals(List.of(a, b), PhotoSources.listFlat(List.of(dir.resolve("backgrounds"), a)), "each picture once");
        IOException missing = assertThrows(IOException.class, () -> PhotoSources.listFlat(dir.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
        IOException broken = assertThrows(IOException.class,
                () -> PhotoSources.listFlat(dir.resolve("backgrounds/broken.png")));
        assertTrue(broken.getMessage().contains("broken.png"), broken.getMessage());

        // a link beside its target is one picture
        Files.createSymbolicLink(dir.resolve("backgrounds/0-default.png"), a);
        assertEquals(List.of(dir.resolve("backgrounds/0-default.png"), b), PhotoSources.listFlat(dir.resolve("backgrounds")));
        // an extra entry inside a source folder is refused; the source folder inside an extra one is not read anyway
        Path sources = dir.resolve("backgrounds/mate");
        assertThrows(IllegalArgumentException.class,
                () -> PhotoSources.listFlatOutside(List.of(sources.resolve("nature/held.png")), List.of(sources)));
        assertEquals(List.of(dir.resolve("backgrounds/0-default.png"), b),
                PhotoSources.listFlatOutside(List.of(dir.resolve("backgrounds")), List.of(sources)));
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
