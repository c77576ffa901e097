package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackedFrame;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-frame items: camera-sized, every CFA layout and ratio band, deterministic. */
class WholeFramesTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultItemsAreSixMegapixelFramesOfHeldOutScenes() throws Exception {
        assertTrue((long) (WholeFrames.HEIGHT + 1) * (WholeFrames.WIDTH + 1) >= 6_000_000);
        List<Path> heldOut = EvaluationScenes.installed(dir.resolve("cache")).photos(EvaluationScenes.Split.HELDOUT);
        WholeFrames frames = WholeFrames.of(heldOut, WholeFrames.DEFAULT_SEED, WholeFrames.DEFAULT_COUNT);
        assertEquals(WholeFrames.PHOTOS, frames.photos().size());
        assertTrue(heldOut.containsAll(frames.photos()), "whole frames come from held-out v3 photographs");
        WholeFrames.Item item = frames.item(5);
        try (RawDecoder decoder = new RawDecoder()) {
            PackedFrame frame = decoder.decodePacked(item.frame().dng());
            assertEquals(item.layout().name(), frame.metadata().cfa().name());
            assertEquals(WholeFrames.HEIGHT / 2, frame.packed().height());
            assertEquals(WholeFrames.WIDTH / 2, frame.packed().width());
        }
        assertEquals(WholeFrames.HEIGHT, item.frame().target().height());
        assertEquals(WholeFrames.WIDTH, item.frame().target().width());
    }

    @Test
    void smallFramesCoverEveryLayoutAndBandAndRepeat() throws Exception {
        List<Path> photos = List.of(photo("a.png", 1), photo("b.png", 2), photo("c.png", 3), photo("d.png", 4));
        WholeFrames frames = new WholeFrames(photos, 3, 12, 40, 64);
        Set<String> layouts = new HashSet<>();
        Set<String> bands = new HashSet<>();
        Set<String> perPhoto = new HashSet<>();
        try (RawDecoder decoder = new RawDecoder()) {
            for (int i = 0; i < frames.count(); i++) {
                WholeFrames.Item item = frames.item(i);
                layouts.add(item.layout().name());
                bands.add(item.band());
                perPhoto.add(item.scene() + " " + item.band());
                String[] band = item.band().split("-");
                assertTrue(item.ratio() >= Double.parseDouble(band[0]) && item.ratio() <= Double.parseDouble(band[1]));
                PackedFrame frame = decoder.decodePacked(item.frame().dng());
                assertEquals(item.layout().name(), frame.metadata().cfa().name());
                assertEquals(20, frame.packed().height());
                assertEquals(32, frame.packed().width());
            }
        }
        assertEquals(Set.of("RGGB", "BGGR", "GRBG", "GBRG"), layouts);
        assertEquals(Set.of("1-10", "10-100", "100-300"), bands);
        assertTrue(perPhoto.size() >= 6, "each photograph in more than one band: " + perPhoto);
        assertArrayEquals(frames.item(7).frame().dng(), new WholeFrames(photos, 3, 12, 40, 64).item(7).frame().dng());
    }

    @Test
    void theDefaultDesignCoversEveryLayoutAndBandAndEachPhotographTwice() {
        int[] layouts = new int[4];
        int[] bands = new int[3];
        for (int k = 0; k < WholeFrames.PHOTOS; k++) {
            int second = k + WholeFrames.PHOTOS;
            assertTrue(WholeFrames.band(k, WholeFrames.PHOTOS) != WholeFrames.band(second, WholeFrames.PHOTOS),
                    "photograph " + k + " in two bands");
        }
        for (int i = 0; i < WholeFrames.DEFAULT_COUNT; i++) {
            layouts[WholeFrames.layout(i, WholeFrames.PHOTOS)]++;
            bands[WholeFrames.band(i, WholeFrames.PHOTOS)]++;
        }
        assertArrayEquals(new int[] {6, 6, 6, 6}, layouts);
        assertArrayEquals(new int[] {8, 8, 8}, bands);
    }

    private Path photo(String name, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(50, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 50; x++) {
                image.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        Path f = dir.resolve(name);
        ImageIO.write(image, "png", f.toFile());
        return f;
    }
}
