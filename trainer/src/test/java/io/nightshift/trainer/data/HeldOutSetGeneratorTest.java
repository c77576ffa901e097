package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.image.WhiteBalance;
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

/** The held-out set, read back through the RAW front end like camera files. */
class HeldOutSetGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void itemsDecodeLikeCameraFilesInAllFourLayoutsAndEveryBand() throws Exception {
        List<Path> sources = List.of(photo("a.png", 1), photo("b.png", 2));
        Path out = dir.resolve("set");
        List<HeldOutItem> items = new HeldOutSetGenerator(99, 32, 24).generate(sources, out, "test");
        assertEquals(24, items.size());
        // full factorial: each source in every layout and every band, so no layout stands for one scene
        Set<String> combinations = new HashSet<>();
        for (HeldOutItem item : items) {
            combinations.add(item.source() + " " + item.layout() + " " + item.band());
        }
        assertEquals(2 * 4 * 3, combinations.size());
        Set<String> layouts = new HashSet<>();
        Set<String> bands = new HashSet<>();
        try (RawDecoder decoder = new RawDecoder()) {
            for (HeldOutItem item : items) {
                layouts.add(item.layout());
                bands.add(item.band());
                String[] band = item.band().split("-");
                assertTrue(item.ratio() >= Double.parseDouble(band[0]) && item.ratio() <= Double.parseDouble(band[1]));

                PackedFrame frame = decoder.decodePacked(Files.readAllBytes(out.resolve(item.dng())));
                assertEquals(item.layout(), frame.metadata().cfa().name());
                assertEquals(32, frame.packed().height());
                assertEquals(32, frame.packed().width());
                io.nightshift.raw.WhiteBalance wb = frame.metadata().whiteBalance();
                assertEquals(item.whiteBalance()[0], wb.r(), 1e-3, "as-shot R gain");
                assertEquals(item.whiteBalance()[2], wb.b(), 1e-3, "as-shot B gain");

                PlanarImage target = PhotoReader.read(out.resolve(item.target()));
                assertEquals(64, target.height());
                PlanarImage input = EnhancerInput.of(FrontEnd.packed(frame.packed()),
                        new WhiteBalance(wb.r(), wb.g1(), wb.b()), (float) item.ratio());
                // packed × WB × ratio is the target at the mosaic sites, plus zero-mean noise (clamped at 0)
                double in = mean(input);
                double t = mean(target);
                assertEquals(t, in, 0.12 * t + 0.01, item.dng() + ": level");
            }
        }
        assertEquals(Set.of("RGGB", "BGGR", "GRBG", "GBRG"), layouts);
        assertEquals(Set.of("1-10", "10-100", "100-300"), bands);
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"seed\": 99"));
    }

    @Test
    void versionThreeSetsAreReproducibleAndMarked() throws Exception {
        List<Path> photos = List.of(photo("d.png", 4), photo("e.png", 5));
        HeldOutSet.generate(photos, "heldout", dir.resolve("v3a"), 11, 16, 24);
        HeldOutSet.generate(photos, "heldout", dir.resolve("v3b"), 11, 16, 24);
        try (var files = Files.list(dir.resolve("v3a"))) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("v3b").resolve(f.getFileName())),
                        f.getFileName().toString());
            }
        }
        assertTrue(HeldOutSet.mismatch(dir.resolve("v3a"), 11, 16, 24, HeldOutSetGenerator.VERSION_3).isEmpty());
        // a version-2 reader (and any stale marker) sees it as another set, so it is regenerated
        assertTrue(HeldOutSet.mismatch(dir.resolve("v3a"), 11, 16, 24).orElseThrow().contains("version"));
        assertTrue(Files.readString(dir.resolve("v3a/manifest.json")).contains("\"split\": \"heldout\""));
        List<HeldOutSet.Entry> entries = HeldOutSet.entries(dir.resolve("v3a"));
        assertEquals(Set.of("d.png", "e.png"), new HashSet<>(entries.stream().map(HeldOutSet.Entry::source).toList()));
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws Exception {
        List<Path> sources = List.of(photo("c.png", 3));
        new HeldOutSetGenerator(5, 16, 4).generate(sources, dir.resolve("one"), "x");
        new HeldOutSetGenerator(5, 16, 4).generate(sources, dir.resolve("two"), "x");
        try (var files = Files.list(dir.resolve("one"))) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("two").resolve(f.getFileName())),
                        f.getFileName().toString());
            }
        }
    }

    @Test
    void sourcesSplitByContentAboutOneInFive() throws Exception {
        int n = 400;
        int held = 0;
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("s" + i);
            Files.writeString(f, "source " + i);
            boolean h = SourceSplit.DEFAULT.isHeldOut(f);
            Path moved = dir.resolve("renamed" + i);
            Files.move(f, moved);
            assertEquals(h, SourceSplit.DEFAULT.isHeldOut(moved), "renaming does not move a source across");
            held += h ? 1 : 0;
        }
        double share = (double) held / n;
        assertEquals(0.2, share, 5 * Math.sqrt(0.2 * 0.8 / n));
    }

    /** A textured 8-bit photograph, 100×120. */
    private Path photo(String name, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(120, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 120; x++) {
                int red = 40 + (x * 150 / 120) + r.nextInt(20);
                int green = 60 + (y * 120 / 100) + r.nextInt(20);
                int blue = 50 + ((x + y) * 100 / 220) + r.nextInt(20);
                img.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private static double mean(PlanarImage p) {
        double s = 0;
        for (float v : p.data()) {
            s += v;
        }
        return s / p.data().length;
    }
}
