package io.nightshift.contract.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OrientationTest {

    /** Source 2 rows × 3 columns: a b c / d e f. */
    private static final String[] SOURCE = {"abc", "def"};

    private static String turned(Orientation o) {
        int h = 2;
        int w = 3;
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < o.outputHeight(h, w); row++) {
            if (row > 0) {
                out.append('/');
            }
            for (int col = 0; col < o.outputWidth(h, w); col++) {
                out.append(SOURCE[o.sourceRow(row, col, h)].charAt(o.sourceColumn(row, col, w)));
            }
        }
        return out.toString();
    }

    @Test
    void libRawFlipCodes() {
        assertEquals("abc/def", turned(Orientation.fromFlip(0)));
        assertEquals("fed/cba", turned(Orientation.fromFlip(3))); // 180°
        assertEquals("cf/be/ad", turned(Orientation.fromFlip(5))); // 90° counter-clockwise: the right column goes on top
        assertEquals("da/eb/fc", turned(Orientation.fromFlip(6))); // 90° clockwise: the left column goes on top, read upwards
    }

    @Test
    void mirroredCodesFollowTheSameBits() {
        assertEquals("cba/fed", turned(Orientation.fromFlip(1)));
        assertEquals("def/abc", turned(Orientation.fromFlip(2)));
        assertEquals("ad/be/cf", turned(Orientation.fromFlip(4)));
        assertEquals("fc/eb/da", turned(Orientation.fromFlip(7)));
        assertEquals(Orientation.ROTATE_90_CW, Orientation.fromFlip(6));
        assertEquals(5, Orientation.ROTATE_90_CCW.flip());
        assertThrows(IllegalArgumentException.class, () -> Orientation.fromFlip(8));
    }
}
