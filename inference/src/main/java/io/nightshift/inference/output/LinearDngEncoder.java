package io.nightshift.inference.output;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.FrameWindow;
import io.nightshift.inference.pipeline.FrameInputs;
import io.nightshift.raw.RawMetadata;
import io.nightshift.raw.dng.DngShot;
import io.nightshift.raw.dng.LinearDngFrame;
import io.nightshift.raw.dng.LinearDngWriter;

/**
 * Encodes the enhancer's linear result as a linear DNG ({@link LinearDngWriter}) that a raw editor, or LibRaw
 * with the camera white balance, renders as the worker's sRGB output shows it.
 *
 * <p>The rule. The network output is white-balanced camera RGB (contract v1: packed × white balance × ratio;
 * gains normalised so the smallest is 1, as LibRaw normalises them). A LinearRaw DNG holds camera-native RGB
 * and the neutral in that space, so per pixel each channel is
 * <ol>
 * <li>clipped to [0, 1], as the sRGB post-processing ({@code PostProcessor}) clips it: no value above the
 *     white level, no headroom an editor could render differently;</li>
 * <li>divided by its channel's white-balance gain (≥ 1), which undoes the white balance and keeps the value in
 *     [0, 1];</li>
 * <li>scaled to 16 bits and rounded: {@code round(v × 65535)}, with WhiteLevel 65535, black 0 and no
 *     BaselineExposure (the ratio's brightness is in the values).</li>
 * </ol>
 * AsShotNeutral is the reciprocal gains normalised to green 1, and ColorMatrix1 the camera's XYZ-to-camera
 * matrix ({@link RawMetadata#xyzToCamera()}), from which LibRaw derives the very {@code rgb_cam} the
 * post-processing used. LibRaw then multiplies the stored values by the same gains (clipping at white, as the
 * post-processing does), applies {@code rgb_cam} and the sRGB curve: the sRGB output, up to 16-bit rounding.
 *
 * <p>Geometry: the visible frame ({@link FrameWindow} on the network output, edge pixels repeated where the
 * output does not reach, as in the post-processing), stored in the sensor's orientation with the TIFF
 * Orientation tag set from the camera's {@code flip}, so an editor turns it as it turns the camera's file.
 */
public final class LinearDngEncoder {

    private LinearDngEncoder() {
    }

    /**
     * @param linearRgb the enhancer's output, {@code [3, H, W]}, white-balanced linear camera RGB
     * @param frame where the visible frame lies on it (sensor orientation), as the post-processing cuts it
     * @param raw the decoded file's metadata: white balance, colour matrix, orientation, the shot
     * @param output the enhancement (its description goes to ImageDescription)
     */
    public static byte[] encode(PlanarImage linearRgb, FrameWindow frame, RawMetadata raw, OutputMetadata output) {
        if (linearRgb.channels() != ContractV1.RGB_CHANNELS) {
            throw new IllegalArgumentException("a linear frame has 3 channels, got " + linearRgb.channels());
        }
        float[] gains = FrameInputs.whiteBalance(raw).normalised().packedGains();
        double[] neutral = {gains[1] / (double) gains[0], 1, gains[1] / (double) gains[2]};
        LinearDngFrame dng = new LinearDngFrame(frame.width(), frame.height(), raw.orientation(),
                DngShot.of(raw.capture()), neutral, raw.xyzToCamera(), output.description());

        int srcH = linearRgb.height();
        int srcW = linearRgb.width();
        int plane = linearRgb.planeSize();
        float[] src = linearRgb.data();
        float[] scale = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = LinearDngFrame.WHITE / gains[c];
        }
        return LinearDngWriter.write(dng, (y, row) -> {
            int rowStart = clampIndex(y + frame.top(), srcH) * srcW;
            for (int x = 0, o = 0; x < frame.width(); x++) {
                int s = rowStart + clampIndex(x + frame.left(), srcW);
                for (int c = 0; c < 3; c++) {
                    row[o++] = (short) Math.round(clip(src[s + c * plane]) * scale[c]);
                }
            }
        });
    }

    private static float clip(float v) {
        return v > 0f ? (v < 1f ? v : 1f) : 0f;
    }

    private static int clampIndex(int i, int length) {
        return i < 0 ? 0 : (i >= length ? length - 1 : i);
    }
}
