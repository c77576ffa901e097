package io.nightshift.worker.pipeline;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.FrameWindow;
import io.nightshift.contract.post.Orientation;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.contract.post.Rgb16Image;
import io.nightshift.contract.post.Rgb8Image;
import io.nightshift.inference.output.ImageEncoder;
import io.nightshift.inference.output.LinearDngEncoder;
import io.nightshift.inference.output.OutputMetadata;
import io.nightshift.inference.output.Previews;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.raw.RawMetadata;

/**
 * The post and encode stages of a job, apart from the pipeline's bookkeeping (the pipeline and
 * {@code bench stages} run this same code): the network output to the display image the format needs
 * ({@link #post}: packed 16-bit sRGB for PNG and TIFF, packed 8-bit for JPEG and for a DNG's result preview; never
 * a float copy), then the output file and both previews ({@link #encode}: libjpeg-turbo for the JPEGs, previews
 * from the display image).
 */
public final class OutputStage {

    private final float jpegQuality;
    private final int previewLongSide;

    public OutputStage(float jpegQuality, int previewLongSide) {
        this.jpegQuality = jpegQuality;
        this.previewLongSide = previewLongSide;
    }

    /** The post-processed frame: exactly one of the two renderings. */
    public record Display(Rgb8Image rgb8, Rgb16Image rgb16) {
        public Display {
            if ((rgb8 == null) == (rgb16 == null)) {
                throw new IllegalArgumentException("one rendering, 8- or 16-bit");
            }
        }
    }

    /** What the encode stage hands on: the output file and the two previews. */
    public record Encoded(byte[] output, byte[] resultPreview, byte[] inputPreview) {
    }

    /** The visible frame on the network output (twice the packed size, starting at the packing crop). */
    public static FrameWindow frame(RawMetadata metadata, InputPreview.PackedGeometry geometry) {
        return new FrameWindow(-geometry.cropX(), -geometry.cropY(), metadata.width(), metadata.height());
    }

    /** The contract's post-processing of the network output, in the bit depth {@code format} is encoded from. */
    public Display post(PlanarImage rgb, RawMetadata metadata, InputPreview.PackedGeometry geometry, OutputFormat format) {
        PostProcessor post = new PostProcessor(ColorMatrix.of(metadata.cameraToSrgb().rowMajor()),
                Orientation.fromFlip(metadata.orientation()), frame(metadata, geometry));
        return ImageEncoder.sixteenBit(format) ? new Display(null, post.render16(rgb)) : new Display(post.render8(rgb), null);
    }

    /**
     * The output file and the previews. {@code rgb} (the network output) is needed only for a DNG, whose output it
     * is; its result preview is still made from {@code display}.
     */
    public Encoded encode(Display display, PlanarImage rgb, RawMetadata metadata, InputPreview.PackedGeometry geometry,
                          PlanarImage previewSource, double ratio, OutputFormat format, OutputMetadata meta) {
        byte[] resultPreview = display.rgb8() != null
                ? Previews.jpeg(display.rgb8(), previewLongSide)
                : Previews.jpeg(display.rgb16(), previewLongSide);
        byte[] output = switch (format) {
            case DNG -> LinearDngEncoder.encode(rgb, frame(metadata, geometry), metadata, meta);
            case JPEG -> ImageEncoder.jpeg(display.rgb8(), meta, jpegQuality);
            case PNG16, TIFF16 -> ImageEncoder.encode(display.rgb16(), format, meta);
        };
        byte[] inputPreview = Previews.jpeg(InputPreview.render(previewSource, metadata, geometry, ratio), previewLongSide);
        return new Encoded(output, resultPreview, inputPreview);
    }
}
