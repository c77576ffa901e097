package io.nightshift.contract.post;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;

/**
 * The post-processing of contract v1, identical in trainer and worker: from the enhancer's linear
 * white-balanced camera RGB to display sRGB in [0, 1]. Per pixel: clip to [0, 1], the
 * camera-to-sRGB {@link ColorMatrix}, clip to [0, 1], the {@link SrgbCurve}; then the visible
 * {@link FrameWindow} is cut out (sensor orientation) and turned by the {@link Orientation}.
 *
 * <p>One fused pass per output row, no per-pixel allocation: the matrix in float, the curve from a table
 * ({@code SrgbTable}: within 2e-6 of the exact formula; 8-bit output rounds from 65,536 steps). The output can
 * be float planes ({@link #apply}), packed 16-bit ({@link #render16}) or packed 8-bit ({@link #render8}) — the
 * last two are a quarter and an eighth of the float image, what the encoders take — and can be made in bands of
 * rows ({@code render8(rgb, firstRow, rows, out, offset)}), whatever the orientation.
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

    /** Rows of the output: the oriented visible frame. */
    public int outputHeight() {
        return orientation.outputHeight(frame.height(), frame.width());
    }

    /** Columns of the output: the oriented visible frame. */
    public int outputWidth() {
        return orientation.outputWidth(frame.height(), frame.width());
    }

    /** A new 3-channel float sRGB image of the oriented visible frame. */
    public PlanarImage apply(PlanarImage linearRgb) {
        Pass pass = new Pass(linearRgb);
        PlanarImage out = PlanarImage.zeros(ContractV1.RGB_CHANNELS, outputHeight(), outputWidth());
        float[] dst = out.data();
        int w = out.width();
        int plane = out.planeSize();
        float[] rgb = new float[3];
        for (int row = 0; row < out.height(); row++) {
            int base = pass.rowBase(row);
            int d = row * w;
            for (int col = 0; col < w; col++, d++) {
                pass.pixel(base + pass.columnOffset[col], rgb);
                dst[d] = SrgbTable.encode(rgb[0]);
                dst[d + plane] = SrgbTable.encode(rgb[1]);
                dst[d + 2 * plane] = SrgbTable.encode(rgb[2]);
            }
        }
        return out;
    }

    /** The oriented visible frame as packed 8-bit sRGB. */
    public Rgb8Image render8(PlanarImage linearRgb) {
        int h = outputHeight();
        int w = outputWidth();
        byte[] out = new byte[Math.multiplyExact(3 * w, h)];
        render8(linearRgb, 0, h, out, 0);
        return new Rgb8Image(out, w, h);
    }

    /** Output rows {@code [firstRow, firstRow + rows)} as packed 8-bit sRGB into {@code out} from {@code offset}. */
    public void render8(PlanarImage linearRgb, int firstRow, int rows, byte[] out, int offset) {
        Pass pass = new Pass(linearRgb);
        int w = outputWidth();
        checkBand(firstRow, rows, out.length, offset, w);
        float[] rgb = new float[3];
        int d = offset;
        for (int row = firstRow; row < firstRow + rows; row++) {
            int base = pass.rowBase(row);
            for (int col = 0; col < w; col++, d += 3) {
                pass.pixel(base + pass.columnOffset[col], rgb);
                out[d] = (byte) SrgbTable.encode8(rgb[0]);
                out[d + 1] = (byte) SrgbTable.encode8(rgb[1]);
                out[d + 2] = (byte) SrgbTable.encode8(rgb[2]);
            }
        }
    }

    /** The oriented visible frame as packed 16-bit sRGB. */
    public Rgb16Image render16(PlanarImage linearRgb) {
        int h = outputHeight();
        int w = outputWidth();
        short[] out = new short[Math.multiplyExact(3 * w, h)];
        render16(linearRgb, 0, h, out, 0);
        return new Rgb16Image(out, w, h);
    }

    /** Output rows {@code [firstRow, firstRow + rows)} as packed 16-bit sRGB into {@code out} from {@code offset}. */
    public void render16(PlanarImage linearRgb, int firstRow, int rows, short[] out, int offset) {
        Pass pass = new Pass(linearRgb);
        int w = outputWidth();
        checkBand(firstRow, rows, out.length, offset, w);
        float[] rgb = new float[3];
        int d = offset;
        for (int row = firstRow; row < firstRow + rows; row++) {
            int base = pass.rowBase(row);
            for (int col = 0; col < w; col++, d += 3) {
                pass.pixel(base + pass.columnOffset[col], rgb);
                out[d] = (short) (int) (SrgbTable.encode(rgb[0]) * 65535f + 0.5f);
                out[d + 1] = (short) (int) (SrgbTable.encode(rgb[1]) * 65535f + 0.5f);
                out[d + 2] = (short) (int) (SrgbTable.encode(rgb[2]) * 65535f + 0.5f);
            }
        }
    }

    private void checkBand(int firstRow, int rows, int length, int offset, int width) {
        if (firstRow < 0 || rows < 0 || firstRow + rows > outputHeight()) {
            throw new IllegalArgumentException("rows " + firstRow + " to " + (firstRow + rows) + " of an output of "
                    + outputHeight());
        }
        if (offset < 0 || offset + 3L * width * rows > length) {
            throw new IllegalArgumentException(rows + " rows of " + width + " pixels do not fit from " + offset + " in "
                    + length);
        }
    }

    /**
     * One post-processing pass over a network output: where each output pixel reads (a row's base plus a column's
     * offset, the frame's edge repeated) and the clipped colour transform.
     */
    private final class Pass {
        final float[] src;
        final int plane;
        final int srcW;
        final int srcH;
        final int[] columnOffset;
        final float m00, m01, m02, m10, m11, m12, m20, m21, m22;

        Pass(PlanarImage linearRgb) {
            if (linearRgb.channels() != ContractV1.RGB_CHANNELS) {
                throw new IllegalArgumentException("post-processing takes 3 channels, got " + linearRgb.channels());
            }
            src = linearRgb.data();
            plane = linearRgb.planeSize();
            srcW = linearRgb.width();
            srcH = linearRgb.height();
            int w = outputWidth();
            columnOffset = new int[w];
            for (int col = 0; col < w; col++) {
                // along an output row only one source coordinate moves: the column without a turn, the row with one
                columnOffset[col] = orientation.swapsAxes()
                        ? clampIndex(orientation.sourceRow(0, col, frame.height()) + frame.top(), srcH) * srcW
                        : clampIndex(orientation.sourceColumn(0, col, frame.width()) + frame.left(), srcW);
            }
            m00 = (float) matrix.get(0, 0);
            m01 = (float) matrix.get(0, 1);
            m02 = (float) matrix.get(0, 2);
            m10 = (float) matrix.get(1, 0);
            m11 = (float) matrix.get(1, 1);
            m12 = (float) matrix.get(1, 2);
            m20 = (float) matrix.get(2, 0);
            m21 = (float) matrix.get(2, 1);
            m22 = (float) matrix.get(2, 2);
        }

        /** The source index of an output row's pixels before their column offset. */
        int rowBase(int row) {
            return orientation.swapsAxes()
                    ? clampIndex(orientation.sourceColumn(row, 0, frame.width()) + frame.left(), srcW)
                    : clampIndex(orientation.sourceRow(row, 0, frame.height()) + frame.top(), srcH) * srcW;
        }

        /** Linear sRGB (before the curve, not yet clipped) of the source pixel {@code s}. */
        void pixel(int s, float[] rgb) {
            float r = clip(src[s]);
            float g = clip(src[s + plane]);
            float b = clip(src[s + 2 * plane]);
            rgb[0] = m00 * r + m01 * g + m02 * b;
            rgb[1] = m10 * r + m11 * g + m12 * b;
            rgb[2] = m20 * r + m21 * g + m22 * b;
        }
    }

    private static float clip(float v) {
        return v > 0f ? (v < 1f ? v : 1f) : 0f;
    }

    private static int clampIndex(int i, int length) {
        return i < 0 ? 0 : (i >= length ? length - 1 : i);
    }
}
