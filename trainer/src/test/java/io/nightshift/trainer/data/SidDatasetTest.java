package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.raw.RawDecodeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SID-layout set made of links to the real samples in {@code ../shared/raw-samples} (the same frame
 * as short and long exposure: the RAW front end's packing and rendering must agree on it).
 */
class SidDatasetTest {

    private static final Path SAMPLES = Path.of(System.getProperty("nightshift.home", "..")).resolve("../shared/raw-samples")
            .normalize();

    private Path dir;

    @BeforeEach
    void folder() throws Exception {
        dir = Files.createTempDirectory("sid-layout");
    }

    /** Deletes the links and the folders, never what the links point at (JUnit's @TempDir warns about links). */
    @AfterEach
    void removeFolder() throws Exception {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void streamsPairsWithTargetsCroppedLikeThePackingAndCachesFrames() throws Exception {
        Path list = sidLayout("RAW_KODAK_DC50.KDC", "KDC");
        try (SidDataset set = SidDataset.fromList(list, 64L << 20)) {
            assertEquals(2, set.size());
            SidExample first = set.example(0);
            PlanarImage in = first.input();
            PlanarImage target = first.target();
            assertEquals(4, in.channels());
            assertEquals(2 * in.height(), target.height());
            assertEquals(2 * in.width(), target.width());
            assertEquals(100.0, first.pair().ratio(), 1e-9);
            for (float v : in.data()) {
                assertTrue(v >= 0 && v <= 1);
            }
            for (float v : target.data()) {
                assertTrue(v >= 0 && v <= 1);
            }
            // the second row shares the long exposure: rendered once
            SidExample second = set.example(1);
            assertEquals(250.0, second.pair().ratio(), 1e-9);
            assertEquals(1, set.cacheHits());
            set.example(0);
            assertEquals(3, set.cacheHits());
        }
    }

    @Test
    void targetIsThePackedFrameTimesWhiteBalanceDemosaiced() throws Exception {
        sidLayout("RAW_KODAK_DC50.KDC", "KDC");
        Path ratioOne = dir.resolve("one.txt");
        // ratio 1: the input is packed × WB itself, comparable with the long exposure's linear rendering
        Files.writeString(ratioOne, "short/00001_00_10s.KDC long/00001_00_10s.KDC ISO100 F4\n");
        try (SidDataset set = SidDataset.fromList(ratioOne, 64L << 20)) {
            SidExample e = set.example(0);
            int[] packedOf = {0, 1, 2};
            for (int c = 0; c < 3; c++) {
                double in = meanOfChannel(e.input(), packedOf[c]);
                double out = meanOfChannel(e.target(), c);
                System.out.printf("channel %d: packed×WB %.4f, rendered %.4f%n", c, in, out);
                assertEquals(in, out, 0.03 * in, "channel " + c + " level (measured within 1 %)");
            }
        }
    }

    @Test
    void anUndecodableFileIsTheFrontEndsError() throws Exception {
        Files.createDirectories(dir.resolve("short"));
        Files.write(dir.resolve("short/00002_00_0.1s.ARW"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("bad.txt"), "short/00002_00_0.1s.ARW long/00002_00_10s.ARW ISO100 F4\n");
        try (SidDataset set = SidDataset.fromList(dir.resolve("bad.txt"), 1 << 20)) {
            assertThrows(RawDecodeException.class, () -> set.example(0));
        }
    }

    private Path sidLayout(String sample, String ext) throws Exception {
        Path source = SAMPLES.resolve(sample);
        assertTrue(Files.exists(source), "the real samples must be present: " + source);
        Files.createDirectories(dir.resolve("short"));
        Files.createDirectories(dir.resolve("long"));
        Files.createSymbolicLink(dir.resolve("short/00001_00_0.1s." + ext), source);
        Files.createSymbolicLink(dir.resolve("short/00001_01_0.04s." + ext), source);
        Files.createSymbolicLink(dir.resolve("long/00001_00_10s." + ext), source);
        Files.createSymbolicLink(dir.resolve("short/00001_00_10s." + ext), source);
        Path list = dir.resolve("Sony_test_list.txt");
        Files.writeString(list, "./short/00001_00_0.1s." + ext + " ./long/00001_00_10s." + ext + " ISO100 F4\n"
                + "./short/00001_01_0.04s." + ext + " ./long/00001_00_10s." + ext + " ISO100 F4\n");
        return list;
    }

    private static double meanOfChannel(PlanarImage p, int c) {
        double s = 0;
        int n = p.planeSize();
        for (int i = 0; i < n; i++) {
            s += p.data()[c * n + i];
        }
        return s / n;
    }
}
