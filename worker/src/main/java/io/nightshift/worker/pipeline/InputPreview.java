package io.nightshift.worker.pipeline;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.FrameWindow;
import io.nightshift.contract.post.Orientation;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.contract.post.Rgb8Image;
import io.nightshift.raw.RawMetadata;
import io.nightshift.raw.pack.PackedRaw;

/**
 * The "before" preview: a plain rendering of the dark input with the same amplification the network got and
 * no network: the packed frame area-averaged (R, mean of the greens, B) to about the preview size, then white
 * balance × ratio, clip, and the contract's post-processing (camera matrix, sRGB curve, orientation, visible
 * frame). {@link #source} runs in the decode stage while the packed frame is at hand (the ratio is not
 * known yet; it is a scalar applied later); {@link #render} runs in the post stage, off the engine thread.
 */
public final class InputPreview {

    private InputPreview() {
    }

    /**
     * The packed frame reduced by the largest whole factor that keeps its long side at least {@code longSide}
     * (Previews then scales it exactly): {@code [3, h/k, w/k]}, before white balance and ratio.
     */
    public static PlanarImage source(PackedRaw packed, int longSide) {
        int h = packed.height();
        int w = packed.width();
        int k = Math.max(1, Math.max(h, w) / Math.max(1, longSide));
        int oh = Math.max(1, h / k);
        int ow = Math.max(1, w / k);
        float[] src = packed.data();
        int plane = h * w;
        PlanarImage out = PlanarImage.zeros(3, oh, ow);
        float[] dst = out.data();
        int outPlane = oh * ow;
        float norm = 1f / (k * k);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                float r = 0, g = 0, b = 0;
                for (int dy = 0; dy < k; dy++) {
                    int row = (y * k + dy) * w + x * k;
                    for (int dx = 0; dx < k; dx++) {
                        int i = row + dx;
                        r += src[i];
                        g += src[i + plane] + src[i + 3 * plane];
                        b += src[i + 2 * plane];
                    }
                }
                int o = y * ow + x;
                dst[o] = r * norm;
                dst[o + outPlane] = 0.5f * g * norm;
                dst[o + 2 * outPlane] = b * norm;
            }
        }
        return out;
    }

    /** Display sRGB (8-bit) of the oriented visible frame at the source's scale. */
    public static Rgb8Image render(PlanarImage source, RawMetadata metadata, PackedGeometry packed, double ratio) {
        float[] gains = new WhiteBalance(metadata.whiteBalance().r(), metadata.whiteBalance().g1(),
                metadata.whiteBalance().b()).normalised().packedGains();
        PlanarImage lifted = PlanarImage.zeros(3, source.height(), source.width());
        float[] s = source.data();
        float[] d = lifted.data();
        int plane = source.planeSize();
        for (int c = 0; c < 3; c++) {
            float scale = (float) (gains[c] * ratio);
            for (int i = c * plane, end = i + plane; i < end; i++) {
                float v = s[i] * scale;
                d[i] = v < 1f ? v : 1f;
            }
        }
        // output pixels of the full-size network output per preview pixel
        double scale = source.width() / (2.0 * packed.width());
        FrameWindow window = new FrameWindow((int) Math.round(-packed.cropX() * scale), (int) Math.round(-packed.cropY() * scale),
                Math.max(1, (int) Math.round(metadata.width() * scale)), Math.max(1, (int) Math.round(metadata.height() * scale)));
        PostProcessor post = new PostProcessor(ColorMatrix.of(metadata.cameraToSrgb().rowMajor()),
                Orientation.fromFlip(metadata.orientation()), window);
        return post.render8(lifted);
    }

    /** What the preview needs of the packing once the packed array is gone. */
    public record PackedGeometry(int height, int width, int cropX, int cropY) {
        public static PackedGeometry of(PackedRaw packed) {
            return new PackedGeometry(packed.height(), packed.width(), packed.crop().x(), packed.crop().y());
        }
    }
}
