package io.nightshift.raw.render;

import io.nightshift.libraw.LibRaw;
import io.nightshift.libraw.libraw_data_t;
import io.nightshift.libraw.libraw_output_params_t;
import io.nightshift.libraw.libraw_processed_image_t;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.RawDecodeException;
import io.nightshift.raw.decode.DecodeLimits;
import io.nightshift.raw.decode.LibRawProcessor;
import io.nightshift.raw.decode.ProcessorPool;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackCrop;

/**
 * LibRaw's own processing as the reference rendering: ground truth for training, the classical "no
 * network" baseline, previews. The output covers the same crop as the SID packing of the file.
 *
 * <p>With {@code halfSize}, LibRaw makes one pixel of each 2×2 block counted from the visible
 * origin; the image starts there and has half the packing crop's size. For layouts whose red pixel
 * is not at the origin, LibRaw's blocks are one pixel off the packing's.
 */
public final class ReferenceRenderer implements AutoCloseable {

    private static final int LIBRAW_IMAGE_BITMAP = 2;

    private final ProcessorPool processors;
    private final RawDecoder checks;

    public ReferenceRenderer() {
        this(DecodeLimits.defaults());
    }

    public ReferenceRenderer(DecodeLimits limits) {
        this.processors = new ProcessorPool();
        this.checks = new RawDecoder(processors, limits);
    }

    public RenderedImage render(byte[] file, RenderOptions options) {
        return processors.with(p -> render(p, file, options));
    }

    private RenderedImage render(LibRawProcessor processor, byte[] file, RenderOptions options) {
        CfaLayout layout = checks.openChecked(processor, file);
        libraw_data_t data = processor.libRaw().imgdata();
        int visibleWidth = data.sizes().width() & 0xFFFF;
        int visibleHeight = data.sizes().height() & 0xFFFF;
        configure(data.params(), options);
        processor.unpack();
        LibRaw libRaw = processor.libRaw();
        int code = libRaw.dcraw_process();
        if (code != 0) {
            throw new RawDecodeException("LibRaw processing failed: " + LibRaw.strerror(code).getString(), code);
        }
        int[] error = new int[1];
        libraw_processed_image_t image = libRaw.dcraw_make_mem_image(error);
        if (image == null || image.isNull()) {
            throw new RawDecodeException("LibRaw could not make the output image", error[0]);
        }
        try {
            if (image.type() != LIBRAW_IMAGE_BITMAP || image.colors() != 3 || image.bits() != 16) {
                throw new RawDecodeException("unexpected LibRaw output: type " + image.type() + ", " + image.colors()
                        + " colours, " + image.bits() + " bits");
            }
            int width = image.width() & 0xFFFF;
            int height = image.height() & 0xFFFF;
            PackCrop crop = PackCrop.of(layout, visibleWidth, visibleHeight);
            int x0 = crop.x();
            int y0 = crop.y();
            int w = crop.width();
            int h = crop.height();
            if (options.halfSize()) {
                x0 = 0;
                y0 = 0;
                w = Math.min(width, crop.width() / 2);
                h = Math.min(height, crop.height() / 2);
            }
            if (x0 + w > width || y0 + h > height) {
                throw new RawDecodeException("LibRaw output " + width + "x" + height + " is smaller than the crop " + crop);
            }
            short[] rgb = new short[w * h * 3];
            org.bytedeco.javacpp.ShortPointer pixels = new org.bytedeco.javacpp.ShortPointer(image.data());
            for (int y = 0; y < h; y++) {
                pixels.position(((long) (y0 + y) * width + x0) * 3).get(rgb, y * w * 3, w * 3);
            }
            return new RenderedImage(w, h, rgb, crop, options.space());
        } finally {
            LibRaw.dcraw_clear_mem(image);
        }
    }

    private static void configure(libraw_output_params_t params, RenderOptions options) {
        params.use_camera_wb(1);
        params.output_bps(16);
        params.no_auto_bright(1);
        params.adjust_maximum_thr(0f);
        params.bright((float) options.gain());
        params.half_size(options.halfSize() ? 1 : 0);
        params.user_flip(0);
        params.highlight(0);
        if (options.space() == OutputSpace.SRGB) {
            params.output_color(1);
            params.gamm(0, 1 / 2.4);
            params.gamm(1, 12.92);
        } else {
            params.output_color(0);
            params.gamm(0, 1);
            params.gamm(1, 1);
        }
    }

    @Override
    public void close() {
        processors.close();
    }
}
