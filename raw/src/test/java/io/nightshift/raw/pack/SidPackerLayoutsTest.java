package io.nightshift.raw.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.BlackLevels;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.Channel;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Packing of tiny DNGs (23×22, written and decoded through LibRaw) in each layout against values
 * worked out by hand. Each pixel holds {@code 10000 × k + 100 × row + col}, k = 1 for red, 2 for the
 * green on red's row, 3 for blue, 4 for the green on blue's row; black 500 (R), 600 (G1), 700 (B),
 * 800 (G2), white 60000, stored on 16 bits.
 */
class SidPackerLayoutsTest {

    private static final int WIDTH = 23;
    private static final int HEIGHT = 22;
    private static RawDecoder decoder;

    @BeforeAll
    static void open() {
        decoder = new RawDecoder();
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    private static DecodedRaw tinyFrame(CfaLayout layout) {
        short[] samples = new short[WIDTH * HEIGHT];
        for (int row = 0; row < HEIGHT; row++) {
            for (int col = 0; col < WIDTH; col++) {
                char color = layout.colorAt(row, col);
                boolean redRow = layout.colorAt(row, col ^ 1) == 'R' || color == 'R';
                int k = color == 'R' ? 1 : color == 'B' ? 3 : redRow ? 2 : 4;
                samples[row * WIDTH + col] = (short) (10000 * k + 100 * row + col);
            }
        }
        DngFrame frame = DngFrame.sonyLike(WIDTH, HEIGHT).withLayout(layout)
                .withLevels(16, new BlackLevels(500, 600, 700, 800), 60000);
        return decoder.decode(DngWriter.write(frame, new BayerPlane(WIDTH, HEIGHT, samples)));
    }

    @ParameterizedTest
    @CsvSource({
        // layout, crop x, crop y, crop w, crop h, then the raw samples of R, G1, B, G2 at packed (0,0) and (1,2)
        //   RGGB: red at (0,0): R(0,0)=10000, G1(0,1)=20001, B(1,1)=30101, G2(1,0)=40100; packed (1,2) is (2,4)
        "RGGB, 0, 0, 22, 22, 10000, 20001, 30101, 40100, 10204, 20205, 30305, 40304",
        //   BGGR: red at (1,1): R=10101, G1(1,2)=20102, B(2,2)=30202, G2(2,1)=40201; packed (1,2) is (3,5)
        "BGGR, 1, 1, 22, 20, 10101, 20102, 30202, 40201, 10305, 20306, 30406, 40405",
        //   GRBG: red at (0,1): R=10001, G1(0,2)=20002, B(1,2)=30102, G2(1,1)=40101; packed (1,2) is (2,5)
        "GRBG, 1, 0, 22, 22, 10001, 20002, 30102, 40101, 10205, 20206, 30306, 40305",
        //   GBRG: red at (1,0): R=10100, G1(1,1)=20101, B(2,1)=30201, G2(2,0)=40200; packed (1,2) is (3,4)
        "GBRG, 0, 1, 22, 20, 10100, 20101, 30201, 40200, 10304, 20305, 30405, 40404",
    })
    void packsEveryLayoutToRG1BG2(CfaLayout layout, int x, int y, int w, int h, int r0, int g10, int b0, int g20,
            int r1, int g11, int b1, int g21) {
        PackedRaw packed = SidPacker.pack(tinyFrame(layout));

        assertEquals(new PackCrop(x, y, w, h), packed.crop());
        assertEquals(h / 2, packed.height());
        assertEquals(w / 2, packed.width());
        assertEquals((r0 - 500) / 59500f, packed.get(Channel.R, 0, 0), 1e-6f);
        assertEquals((g10 - 600) / 59400f, packed.get(Channel.G1, 0, 0), 1e-6f);
        assertEquals((b0 - 700) / 59300f, packed.get(Channel.B, 0, 0), 1e-6f);
        assertEquals((g20 - 800) / 59200f, packed.get(Channel.G2, 0, 0), 1e-6f);
        assertEquals((r1 - 500) / 59500f, packed.get(Channel.R, 1, 2), 1e-6f);
        assertEquals((g11 - 600) / 59400f, packed.get(Channel.G1, 1, 2), 1e-6f);
        assertEquals((b1 - 700) / 59300f, packed.get(Channel.B, 1, 2), 1e-6f);
        assertEquals((g21 - 800) / 59200f, packed.get(Channel.G2, 1, 2), 1e-6f);
    }

    @ParameterizedTest
    @CsvSource({"RGGB", "BGGR", "GRBG", "GBRG"})
    void everyPackedValueComesFromItsChannel(CfaLayout layout) {
        PackedRaw packed = SidPacker.pack(tinyFrame(layout));
        int[] black = {500, 600, 700, 800};
        for (Channel channel : Channel.values()) {
            for (int row = 0; row < packed.height(); row++) {
                for (int col = 0; col < packed.width(); col++) {
                    float v = packed.get(channel, row, col);
                    int sample = Math.round(v * (60000 - black[channel.ordinal()])) + black[channel.ordinal()];
                    assertEquals(channel.ordinal() + 1, sample / 10000, "channel tag of " + channel + " at " + row + "," + col);
                    int position = sample % 10000;
                    assertEquals(packed.crop().y() + 2 * row + channel.rowInRggb(), position / 100, "row");
                    assertEquals(packed.crop().x() + 2 * col + channel.colInRggb(), position % 100, "column");
                }
            }
        }
    }

    @Test
    void clampsBelowBlackAndAboveWhite() {
        short[] samples = {0, (short) 20000, (short) 65535, 100};
        BayerPlane plane = new BayerPlane(2, 2, samples);
        PackedRaw packed = SidPacker.pack(plane, CfaLayout.RGGB, new int[] {512, 512, 512, 512}, 16383);
        assertEquals(0f, packed.get(Channel.R, 0, 0));
        assertEquals(1f, packed.get(Channel.G1, 0, 0));
        assertEquals(1f, packed.get(Channel.G2, 0, 0));
        assertEquals(0f, packed.get(Channel.B, 0, 0));
    }
}
