package io.nightshift.raw.render;

import io.nightshift.libraw.LibRaw;
import io.nightshift.libraw.libraw_colordata_t;
import io.nightshift.libraw.libraw_data_t;
import io.nightshift.libraw.libraw_image_sizes_t;
import io.nightshift.libraw.libraw_iparams_t;
import io.nightshift.libraw.libraw_output_params_t;
import io.nightshift.libraw.libraw_processed_image_t;
import io.nightshift.libraw.libraw_rawdata_t;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.RawDecodeException;
import io.nightshift.raw.WhiteBalance;
import io.nightshift.raw.decode.DecodeLimits;
import io.nightshift.raw.decode.LibRawProcessor;
import io.nightshift.raw.decode.ProcessorPool;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackCrop;
import java.util.List;

/**
 * LibRaw's own processing as the reference rendering: ground truth for training, the classical "no
 * network" baseline, previews. The output covers the same crop as the SID packing of the file.
 *
 * <p>White balance: the file's as-shot multipliers when it records usable ones, else LibRaw's
 * daylight multipliers: the same choice, and the same {@link WhiteBalance#source()}, as
 * {@link RawDecoder#decode}.
 *
 * <p>With {@code halfSize}, each output pixel is one 2×2 block of the packing: LibRaw counts its
 * blocks from the visible origin, so for layouts whose red pixel is not there (BGGR, GRBG, GBRG) the
 * renderer first moves LibRaw's visible origin onto the packing crop's (margins, size, colour
 * filter word and black-level pattern of the unpacked data, which LibRaw processes from). The
 * image is then exactly half the packing crop, block for block.
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
        PackCrop crop = PackCrop.of(layout, visibleWidth, visibleHeight);
        WhiteBalance whiteBalance = checks.whiteBalance(processor);
        configure(data.params(), options, whiteBalance);
        processor.unpack();
        if (options.halfSize()) {
            moveOrigin(data, crop.x(), crop.y());
        }
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
            int x0 = crop.x();
            int y0 = crop.y();
            int w = crop.width();
            int h = crop.height();
            if (options.halfSize()) {
                x0 = 0;
                y0 = 0;
                w = crop.width() / 2;
                h = crop.height() / 2;
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

    /**
     * Moves LibRaw's visible origin {@code dx} columns right and {@code dy} rows down in the unpacked
     * data (LibRaw's {@code rawdata} copy, from which {@code dcraw_process} starts, and the working
     * copy), with the colour filter word and the black-level pattern shifted alike.
     */
    private static void moveOrigin(libraw_data_t data, int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return;
        }
        libraw_rawdata_t raw = data.rawdata();
        for (libraw_image_sizes_t sizes : List.of(raw.sizes(), data.sizes())) {
            sizes.left_margin((short) ((sizes.left_margin() & 0xFFFF) + dx));
            sizes.top_margin((short) ((sizes.top_margin() & 0xFFFF) + dy));
            sizes.width((short) ((sizes.width() & 0xFFFF) - dx));
            sizes.height((short) ((sizes.height() & 0xFFFF) - dy));
        }
        for (libraw_iparams_t id : List.of(raw.iparams(), data.idata())) {
            int filters = id.filters();
            int moved = 0;
            for (int row = 0; row < 8; row++) {
                for (int col = 0; col < 2; col++) {
                    int color = (filters >>> (((((row + dy) << 1) & 14) | ((col + dx) & 1)) << 1)) & 3;
                    moved |= color << ((((row << 1) & 14) | col) << 1);
                }
            }
            id.filters(moved);
        }
        for (libraw_colordata_t color : List.of(raw.color(), data.color())) {
            int rows = color.cblack(4);
            int cols = color.cblack(5);
            if (rows <= 0 || cols <= 0 || rows * cols > 4096 - 6) {
                continue;
            }
            int[] pattern = new int[rows * cols];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = color.cblack(6 + i);
            }
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < cols; col++) {
                    color.cblack(6 + row * cols + col, pattern[((row + dy) % rows) * cols + (col + dx) % cols]);
                }
            }
        }
    }

    private static void configure(libraw_output_params_t params, RenderOptions options, WhiteBalance whiteBalance) {
        // as shot when usable; otherwise LibRaw falls back to its daylight multipliers (pre_mul)
        params.use_camera_wb(whiteBalance.source() == WhiteBalance.Source.AS_SHOT ? 1 : 0);
        params.output_bps(16);
        params.no_auto_bright(1);
        params.adjust_maximum_thr(0f);
        params.bright((float) options.gain());
        params.threshold((float) options.denoise());
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
