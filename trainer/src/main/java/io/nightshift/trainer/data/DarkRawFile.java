package io.nightshift.trainer.data;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.Channel;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.WhiteBalance;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.trainer.noise.NoiseParameters;
import io.nightshift.trainer.noise.NoiseSynthesizer;
import io.nightshift.trainer.noise.SensorCalibration;
import java.util.random.RandomGenerator;

/**
 * A real, well-exposed RAW frame as its own camera would have recorded it {@code ratio} times darker: every
 * sample's signal above black divided by the ratio, ELD's sensor noise ({@link NoiseSynthesizer}) added at the
 * camera's own DN scale, black added back, rounded and clipped to the camera's levels. Written by {@link DngWriter}
 * as a Bayer DNG of the same size, CFA layout, black and white levels, as-shot white balance, colour, make and
 * model, with the exposure time divided by the ratio: what {@code ./nightshift demo} and fault tests feed the fleet
 * when they need dark frames whose true ratio is known.
 *
 * <p><b>Noise scale.</b> The calibration is in the DN of its camera ({@link SensorCalibration#SONY_A7S2}: 14-bit,
 * white − black = {@value #CALIBRATION_RANGE_DN}); K and both σ are multiplied by this camera's white − black over
 * that range, so noise keeps its share of full scale on a 12-bit camera as on a 14-bit one.
 */
public final class DarkRawFile {
    /** White − black of the calibration camera (Sony A7S2, 14-bit, black 512). */
    public static final double CALIBRATION_RANGE_DN = 16383 - 512;

    private DarkRawFile() {
    }

    /**
     * @param source a decoded, well-exposed frame
     * @param ratio  how many times darker, ≥ 1
     * @param noise  one exposure's noise in the calibration camera's DN ({@code SensorCalibration.sample})
     * @return the dark frame's DNG file
     */
    public static byte[] write(DecodedRaw source, double ratio, NoiseParameters noise, RandomGenerator random) {
        BayerPlane dark = darken(source, ratio, noise, random);
        return DngWriter.write(frameOf(source, ratio), dark);
    }

    /** The darkened mosaic, in the source's DN (black included), clipped to [0, white]. */
    static BayerPlane darken(DecodedRaw source, double ratio, NoiseParameters noise, RandomGenerator random) {
        if (!(ratio >= 1) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("the ratio must be a finite number ≥ 1, got " + ratio);
        }
        int width = source.width();
        int height = source.height();
        int[] black = blackByPosition(source);
        short[] samples = source.plane().samples();
        float[] signal = new float[samples.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0, i = y * width; x < width; x++, i++) {
                int above = (samples[i] & 0xFFFF) - black[(y & 1) * 2 + (x & 1)];
                signal[i] = (float) (Math.max(above, 0) / ratio);
            }
        }
        float[] noisy = NoiseSynthesizer.apply(signal, height, width, scaled(noise, rangeOf(source)), random);
        short[] out = new short[samples.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0, i = y * width; x < width; x++, i++) {
                long value = Math.round(noisy[i]) + black[(y & 1) * 2 + (x & 1)];
                out[i] = (short) Math.max(0, Math.min(source.white(), value));
            }
        }
        return new BayerPlane(width, height, out);
    }

    /** The calibration camera's noise at a camera whose white − black is {@code rangeDn}. */
    static NoiseParameters scaled(NoiseParameters noise, double rangeDn) {
        double scale = rangeDn / CALIBRATION_RANGE_DN;
        return new NoiseParameters(noise.systemGain() * scale, noise.readSigma() * scale, noise.rowSigma() * scale);
    }

    private static double rangeOf(DecodedRaw source) {
        return source.white() - source.black().max();
    }

    /** Black level by position in the 2×2 repeat at the visible origin, row by row. */
    private static int[] blackByPosition(DecodedRaw source) {
        int[] black = new int[4];
        for (Channel channel : Channel.values()) {
            black[source.cfa().rowOf(channel) * 2 + source.cfa().colOf(channel)] = source.black().of(channel);
        }
        return black;
    }

    private static DngFrame frameOf(DecodedRaw source, double ratio) {
        int white = source.white();
        int bits = white <= 4095 ? 12 : white <= 16383 ? 14 : 16;
        WhiteBalance wb = source.asShotWhiteBalance();
        double green = wb.g1();
        return new DngFrame(source.width(), source.height(), source.cfa(), bits, source.black(), white,
                source.capture().exposureSeconds() / ratio, Math.round(source.capture().iso()),
                source.capture().aperture(), new double[] {green / wb.r(), 1, green / wb.b()}, source.xyzToCamera(),
                source.capture().make(), source.capture().model(), source.capture().captureTime());
    }
}
