package io.nightshift.contract.post;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;

/**
 * The post-processing of contract v1, identical in trainer and worker: from the enhancer's linear
 * white-balanced camera RGB to display sRGB in [0, 1]. Per pixel: clip to [0, 1], the
 * camera-to-sRGB {@link ColorMatrix}, clip to [0, 1], the {@link SrgbCurve}; then the visible
 * {@link FrameWindow} is cut out (sensor orientation) and turned by the {@link Orientation}.
 * One pass, no per-pixel allocation; the colour and curve commute with the pixel moves.
 */
public record PostProcessor(ColorMatrix matrix, Orientation orientation, FrameWindow frame) {

    public PostProcessor {
        if (matrix == null || orientation == null || frame == null) {
            throw new IllegalArgumentException("matrix, orientation and frame are required");
        }
    }

    /** Colour and curve only: no crop, no turn. */
    public static PostProcessor colourOnly(ColorMatrix matrix, int width, int height) {
        return new PostProcessor(matrix, Orientation.NONE, FrameWindow.whole(width, height));
    }

    /** A new 3-channel sRGB image of the oriented visible frame. */
    public PlanarImage apply(PlanarImage linearRgb) {
        if (linearRgb.channels() != ContractV1.RGB_CHANNELS) {
            throw new IllegalArgumentException("post-processing takes 3 channels, got " + linearRgb.channels());
        }
        int outH = orientation.outputHeight(frame.height(), frame.width());
        int outW = orientation.outputWidth(frame.height(), frame.width());
        PlanarImage out = PlanarImage.zeros(ContractV1.RGB_CHANNELS, outH, outW);

        int srcH = linearRgb.height();
        int srcW = linearRgb.width();
        int srcPlane = linearRgb.planeSize();
        int outPlane = out.planeSize();
        float[] src = linearRgb.data();
        float[] dst = out.data();
        double m00 = matrix.get(0, 0), m01 = matrix.get(0, 1), m02 = matrix.get(0, 2);
        double m10 = matrix.get(1, 0), m11 = matrix.get(1, 1), m12 = matrix.get(1, 2);
        double m20 = matrix.get(2, 0), m21 = matrix.get(2, 1), m22 = matrix.get(2, 2);

        for (int row = 0; row < outH; row++) {
            for (int col = 0; col < outW; col++) {
                int fy = orientation.sourceRow(row, col, frame.height());
                int fx = orientation.sourceColumn(row, col, frame.width());
                int sy = clampIndex(fy + frame.top(), srcH);
                int sx = clampIndex(fx + frame.left(), srcW);
                int s = sy * srcW + sx;
                double r = clip(src[s]);
                double g = clip(src[s + srcPlane]);
                double b = clip(src[s + 2 * srcPlane]);
                int d = row * outW + col;
                dst[d] = (float) SrgbCurve.encode(m00 * r + m01 * g + m02 * b);
                dst[d + outPlane] = (float) SrgbCurve.encode(m10 * r + m11 * g + m12 * b);
                dst[d + 2 * outPlane] = (float) SrgbCurve.encode(m20 * r + m21 * g + m22 * b);
            }
        }
        return out;
    }

    private static double clip(float v) {
        return v > 0f ? (v < 1f ? v : 1.0) : 0.0;
    }

    private static int clampIndex(int i, int length) {
        return i < 0 ? 0 : (i >= length ? length - 1 : i);
    }
}
