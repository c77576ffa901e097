package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SidListFileTest {

    @TempDir
    Path dir;

    @Test
    void readsSidRowsWithRatiosFromTheFileNames() throws IOException {
        Path list = write("""
                ./Sony/short/00001_00_0.04s.ARW ./Sony/long/00001_00_10s.ARW ISO200 F8
                # a comment

                ./Sony/short/00002_01_0.1s.ARW\t./Sony/long/00002_00_10s.ARW  ISO6400 F2.8
                ./Sony/short/00003_00_0.033s.ARW ./Sony/long/00003_00_30s.ARW ISO100 F9
                """);
        List<SidPair> pairs = SidListFile.read(list);
        assertEquals(3, pairs.size());

        SidPair first = pairs.get(0);
        assertEquals(dir.resolve("Sony/short/00001_00_0.04s.ARW"), first.shortExposure());
        assertEquals(dir.resolve("Sony/long/00001_00_10s.ARW"), first.longExposure());
        assertEquals(200, first.iso());
        assertEquals(8.0, first.fNumber());
        assertEquals(1, first.scene());
        assertEquals(250.0, first.ratio(), 1e-9);

        assertEquals(100.0, pairs.get(1).ratio(), 1e-9);
        assertEquals(6400, pairs.get(1).iso());
        assertEquals(2.8, pairs.get(1).fNumber());
        // 30 / 0.033 ≈ 909: capped at 300
        assertEquals(300.0, pairs.get(2).ratio());
    }

    @Test
    void resolvesAgainstAGivenRoot() throws IOException {
        Path list = write("a/00009_00_0.1s.ARW b/00009_00_10s.ARW ISO200 F4\n");
        Path root = Path.of("/data/sid");
        SidPair pair = SidListFile.read(list, root).get(0);
        assertEquals(Path.of("/data/sid/a/00009_00_0.1s.ARW"), pair.shortExposure());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "./Sony/short/00001_00_0.04s.ARW ./Sony/long/00001_00_10s.ARW ISO200 | expected 4 fields",
        "./Sony/short/00001_00_0.04s.ARW ./Sony/long/00001_00_10s.ARW ISO200 F8 extra | expected 4 fields",
        "./Sony/short/IMG_0001.ARW ./Sony/long/00001_00_10s.ARW ISO200 F8 | short file name './Sony/short/IMG_0001.ARW'",
        "./Sony/short/00001_00_0.04s.ARW ./Sony/long/00001_00_0s.ARW ISO200 F8 | long file name",
        "./Sony/short/00001_00_0.04s.ARW ./Sony/long/00002_00_10s.ARW ISO200 F8 | different scenes",
        "./Sony/short/00001_00_10s.ARW ./Sony/long/00001_00_0.1s.ARW ISO200 F8 | shorter than the short one",
        "./Sony/short/00001_00_0.04s.ARW ./Sony/long/00001_00_10s.ARW ISOhigh F8 | bad ISO 'ISOhigh'",
        "./Sony/short/00001_00_0.04s.ARW ./Sony/long/00001_00_10s.ARW ISO200 f/8 | bad F-number 'f/8'",
    })
    void aBadRowNamesTheFileAndLine(String badRow, String problem) throws IOException {
        Path list = write("./Sony/short/00001_00_0.1s.ARW ./Sony/long/00001_00_10s.ARW ISO200 F8\n\n" + badRow + "\n");
        ListFileException e = assertThrows(ListFileException.class, () -> SidListFile.read(list));
        assertEquals(3, e.line());
        assertEquals(list, e.file());
        assertTrue(e.getMessage().startsWith(list + ":3: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void exposureTimesFromSidNames() {
        assertEquals(new ExposureTime(1, 0.04), ExposureTime.fromFileName("Sony/short/00001_00_0.04s.ARW").orElseThrow());
        assertEquals(new ExposureTime(10227, 10), ExposureTime.fromFileName("10227_00_10s.RAF").orElseThrow());
        assertTrue(ExposureTime.fromFileName("00001_00_.04s.ARW").isEmpty());
        assertTrue(ExposureTime.fromFileName("00001_00_0.04.ARW").isEmpty());
    }

    private Path write(String text) throws IOException {
        Path p = dir.resolve("Sony_test_list.txt");
        Files.writeString(p, text);
        return p;
    }
}
