package io.nightshift.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.pack.SidPacker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three real files decode with the sizes, levels and layouts their MANIFEST.md lists. */
class RealSamplesDecodeTest {

    private static RawDecoder decoder;

    @BeforeAll
    static void open() {
        decoder = new RawDecoder();
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    @ParameterizedTest
    @CsvSource({
        // file, make, model, cfa, black, white, raw w, raw h, w, h, left, top, iso, 1/exposure (raw-identify)
        "RAW_NIKON_D1.NEF, NIKON, D1, BGGR, 0, 4095, 2012, 1324, 2012, 1324, 0, 0, 200, 250",
        "RAW_CANON_D30_SRGB.CRW, Canon, EOS D30, RGGB, 126, 4095, 2224, 1456, 2176, 1448, 48, 6, 100, 201.7",
        "RAW_KODAK_DC50.KDC, Kodak, DC50, GRBG, 0, 16383, 768, 512, 768, 512, 0, 0, 84, 230",
    })
    void decodesAsTheManifestSays(String file, String make, String model, CfaLayout cfa, int black, int white,
            int rawWidth, int rawHeight, int width, int height, int left, int top, float iso, double perSecond) {
        DecodedRaw raw = decoder.decode(Samples.bytes(file));

        assertEquals(make.toLowerCase(), raw.capture().make().toLowerCase(), "make");
        assertEquals(model, raw.capture().model(), "model");
        assertEquals(cfa, raw.cfa(), "CFA layout at the visible origin");
        assertEquals(BlackLevels.uniform(black), raw.black(), "black levels");
        assertEquals(white, raw.white(), "white level");
        assertEquals(new RawGeometry(rawWidth, rawHeight, width, height, left, top), raw.geometry());
        assertEquals(iso, raw.capture().iso(), 0.5, "ISO");
        assertEquals(1 / perSecond, raw.capture().exposureSeconds(), 0.005 / perSecond, "exposure time");
        assertTrue(raw.capture().captureTime().isPresent(), "capture time");
        assertEquals(width, raw.plane().width());
        assertEquals(height, raw.plane().height());
        assertTrue(raw.capture().aperture() > 0, "aperture");
    }

    @ParameterizedTest
    @CsvSource({"RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW", "RAW_KODAK_DC50.KDC"})
    void planeHoldsAPhotographWithinTheLevels(String file) {
        DecodedRaw raw = decoder.decode(Samples.bytes(file));
        short[] samples = raw.plane().samples();
        long sum = 0;
        int max = 0;
        for (short s : samples) {
            int v = s & 0xFFFF;
            sum += v;
            max = Math.max(max, v);
        }
        double mean = (double) sum / samples.length;
        assertTrue(mean > raw.black().max() + 20, "a daylight photograph is well above black: mean " + mean);
        assertTrue(max <= raw.white(), "no sample above white: max " + max);

        PackedRaw packed = SidPacker.pack(raw);
        assertEquals(raw.cfa().redCol(), packed.crop().x());
        assertEquals(raw.cfa().redRow(), packed.crop().y());
        assertEquals((raw.width() - packed.crop().x()) / 2, packed.width());
        assertEquals((raw.height() - packed.crop().y()) / 2, packed.height());
    }

    @ParameterizedTest
    @CsvSource({"RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW", "RAW_KODAK_DC50.KDC"})
    void decodingTwiceOnOneProcessorGivesTheSameFrame(String file) {
        byte[] bytes = Samples.bytes(file);
        DecodedRaw first = decoder.decode(bytes);
        DecodedRaw second = decoder.decode(bytes);
        assertArrayEquals(first.plane().samples(), second.plane().samples());
        assertEquals(first.capture(), second.capture());
    }
}
