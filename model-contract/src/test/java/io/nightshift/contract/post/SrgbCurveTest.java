package io.nightshift.contract.post;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SrgbCurveTest {

    @Test
    void encodesKnownPoints() {
        assertEquals(0.0, SrgbCurve.encode(0.0));
        assertEquals(1.0, SrgbCurve.encode(1.0), 1e-12);
        assertEquals(0.01292, SrgbCurve.encode(0.001), 1e-12); // linear segment: 12.92 · v
        assertEquals(0.040449936, SrgbCurve.encode(0.0031308), 1e-12); // the switch point, on the line
        assertEquals(0.46135612950044164, SrgbCurve.encode(0.18), 1e-12); // 18 % grey
        assertEquals(0.7353569830524495, SrgbCurve.encode(0.5), 1e-12);
        assertEquals(0.9546871718858662, SrgbCurve.encode(0.9), 1e-12);
    }

    @Test
    void clampsOutsideTheUnitRangeAndIsContinuousAtTheSwitch() {
        assertEquals(0.0, SrgbCurve.encode(-0.5));
        assertEquals(0.0, SrgbCurve.encode(Double.NaN));
        assertEquals(1.0, SrgbCurve.encode(7.0));
        double justAbove = SrgbCurve.encode(Math.nextUp(SrgbCurve.LINEAR_LIMIT));
        assertEquals(SrgbCurve.encode(SrgbCurve.LINEAR_LIMIT), justAbove, 1e-7);
    }

    @Test
    void decodeInvertsEncode() {
        for (double v = 0; v <= 1; v += 1.0 / 977) {
            assertEquals(v, SrgbCurve.decode(SrgbCurve.encode(v)), 1e-9, "at " + v);
        }
        assertEquals(0.18, SrgbCurve.decode(0.46135612950044164), 1e-12);
        assertEquals(0.04045 / 12.92, SrgbCurve.decode(0.04045), 1e-15);
    }
}
