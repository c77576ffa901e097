package io.nightshift.inference.tiling;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.NoisePlanes;
import io.nightshift.inference.engine.EnhancerSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Runs an enhancer on a packed image of any size, tile by tile: the image is reflect-padded (virtually,
 * never copied) to multiples of 16, cut into {@link TilingConfig} tiles whose origins lie on multiples
 * of 16, the tiles run {@code batch} at a time, and their outputs blended with feathered weights
 * straight into the result, which is cropped back to twice the input's size.
 *
 * <p>Working memory besides the input and the result: two direct buffers for one batch (input and
 * output, reused from batch to batch) and ONNX Runtime's activations for one batch, so it grows with
 * {@code batch × tile²}, not with the image. {@link TilingConfig#wholeImage()} runs the padded image
 * in one piece, the reference the tiles are compared with.
 *
 * <p>Not thread-safe (it reuses its buffers); use one per thread. It does not own the session.
 */
public final class TiledEnhancer {

    /** Channels taken from the image; a v2 enhancer's noise planes come after them. */
    private static final int IN = ContractV1.PACKED_CHANNELS;
    private static final int OUT = ContractV1.RGB_CHANNELS;
    private static final int UP = ContractV1.UPSCALE;

    private final EnhancerSession session;
    private final TilingConfig config;
    private FloatBuffer inBuffer;
    private FloatBuffer outBuffer;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long runCpuNanos;

    public TiledEnhancer(EnhancerSession session, TilingConfig config) {
        this.session = session;
        this.config = config;
    }

    public TilingConfig config() {
        return config;
    }

    /**
     * Thread CPU time this tiler's calling thread spent inside the enhancer's {@code run} calls so far (with one
     * intra-op thread all of the engine's work; with more, only the calling thread's share): what
     * {@code bench stages} subtracts to leave the tiling's own gather, scatter and blending.
     */
    public long runCpuNanos() {
        return runCpuNanos;
    }

    /** The plan for an image of {@code height × width} packed pixels. */
    public TilePlan plan(int height, int width) {
        return new TilePlan(height, width, TileAxis.of(ReflectPadding.padded(height), config),
                TileAxis.of(ReflectPadding.padded(width), config));
    }

    /**
     * The output of a contract v1 enhancer for {@code input} (packed × white balance × ratio, clamped,
     * {@code [4, H, W]}): linear camera RGB {@code [3, 2H, 2W]}, not clipped. A v2 enhancer needs the frame's noise
     * planes: {@link #enhance(PlanarImage, NoisePlanes)}.
     */
    public PlanarImage enhance(PlanarImage input) {
        return enhance(input, null);
    }

    /**
     * The enhancer's output for {@code input} ({@code [4, H, W]} as for {@link #enhance(PlanarImage)}) and, for a
     * contract v2 enhancer, the frame's {@code planes}, which each tile carries as two constant channels after the
     * packed four (a v1 enhancer does not read them; null is allowed there).
     */
    public PlanarImage enhance(PlanarImage input, NoisePlanes planes) {
        if (input.channels() != IN) {
            throw new IllegalArgumentException("the enhancer input has 4 channels, got " + input.channels());
        }
        float[] constants = session.contract().noisePlanes() == 0 ? new float[0] : required(planes).values();
        TilePlan plan = plan(input.height(), input.width());
        PlanarImage result = PlanarImage.zeros(OUT, UP * input.height(), UP * input.width());
        int th = plan.rows().tile();
        int tw = plan.columns().tile();
        int tiles = plan.tileCount();
        int batch = Math.min(config.batch(), tiles);
        ensureBuffers(batch, session.inputChannels(), th, tw);
        int[] rows = new int[batch];
        int[] cols = new int[batch];
        for (int first = 0; first < tiles; first += batch) {
            int n = Math.min(batch, tiles - first);
            inBuffer.clear();
            for (int k = 0; k < n; k++) {
                rows[k] = (first + k) / plan.columns().count();
                cols[k] = (first + k) % plan.columns().count();
                extract(input, plan.rows().origin(rows[k]), plan.columns().origin(cols[k]), th, tw, inBuffer);
                constantPlanes(constants, th, tw, inBuffer);
            }
            inBuffer.flip();
            outBuffer.clear();
            long cpu = THREADS.getCurrentThreadCpuTime();
            session.runInto(inBuffer, outBuffer, n, th, tw);
            runCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
            for (int k = 0; k < n; k++) {
                blend(outBuffer, k * OUT * UP * th * UP * tw, plan, rows[k], cols[k], result);
            }
        }
        return result;
    }

    private NoisePlanes required(NoisePlanes planes) {
        if (planes == null) {
            throw new IllegalArgumentException("the enhancer " + session.modelVersion() + " (" + session.contract().key()
                    + ") needs the frame's noise planes");
        }
        return planes;
    }

    /** Appends each constant's plane of {@code th × tw} values to {@code dst}, a row at a time. */
    private static void constantPlanes(float[] constants, int th, int tw, FloatBuffer dst) {
        float[] row = new float[tw];
        for (float v : constants) {
            java.util.Arrays.fill(row, v);
            for (int y = 0; y < th; y++) {
                dst.put(row);
            }
        }
    }

    private void ensureBuffers(int batch, int channels, int th, int tw) {
        int in = batch * channels * th * tw;
        int out = batch * OUT * UP * th * UP * tw;
        if (inBuffer == null || inBuffer.capacity() < in) {
            inBuffer = direct(in);
        }
        if (outBuffer == null || outBuffer.capacity() < out) {
            outBuffer = direct(out);
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** Appends the padded image's window at (oy, ox), th × tw, all four channels, to {@code dst}. */
    private static void extract(PlanarImage image, int oy, int ox, int th, int tw, FloatBuffer dst) {
        int h = image.height();
        int w = image.width();
        float[] src = image.data();
        float[] row = new float[tw];
        int inside = Math.max(0, Math.min(tw, w - ox));
        for (int c = 0; c < IN; c++) {
            for (int y = 0; y < th; y++) {
                int base = (c * h + ReflectPadding.source(oy + y, h)) * w;
                System.arraycopy(src, base + ox, row, 0, inside);
                for (int x = inside; x < tw; x++) {
                    row[x] = src[base + ReflectPadding.source(ox + x, w)];
                }
                dst.put(row);
            }
        }
    }

    /**
     * Adds tile (r, c)'s weighted output to the result, skipping what lies in the padding. Where the tile's weight
     * is exactly 1 every other tile's is 0 (weights sum to 1), so the result there is the tile's output itself: those
     * runs are copied straight from the output buffer; only the feathered ramps are multiplied and added, and
     * zero-weight margins are skipped.
     */
    private static void blend(FloatBuffer out, int offset, TilePlan plan, int r, int c, PlanarImage result) {
        TileAxis rows = plan.rows();
        TileAxis cols = plan.columns();
        int oh = UP * rows.tile();
        int ow = UP * cols.tile();
        int y0 = UP * rows.origin(r);
        int x0 = UP * cols.origin(c);
        int rh = result.height();
        int rw = result.width();
        int yEnd = Math.min(oh, rh - y0);
        int xEnd = Math.min(ow, rw - x0);
        float[] wy = rows.weights(r);
        float[] wx = cols.weights(c);
        float[] dst = result.data();
        float[] line = new float[ow];
        int[] runs = runs(wx, xEnd);
        for (int ch = 0; ch < OUT; ch++) {
            for (int y = 0; y < yEnd; y++) {
                float a = wy[y];
                if (a == 0f) {
                    continue;
                }
                int src = offset + (ch * oh + y) * ow;
                int d = (ch * rh + y0 + y) * rw + x0;
                for (int k = 0; k < runs.length; k += 3) {
                    int from = runs[k];
                    int to = runs[k + 1];
                    int kind = runs[k + 2];
                    if (kind == ONE && a == 1f) {
                        out.get(src + from, dst, d + from, to - from);
                    } else if (kind != ZERO) {
                        out.get(src + from, line, from, to - from);
                        for (int x = from; x < to; x++) {
                            dst[d + x] += line[x] * (a * wx[x]);
                        }
                    }
                }
            }
        }
    }

    private static final int ZERO = 0;
    private static final int ONE = 1;
    private static final int RAMP = 2;

    /** {@code [from, to, kind]} triples covering {@code [0, length)}: runs of weight 0, weight 1 and between. */
    private static int[] runs(float[] w, int length) {
        int[] runs = new int[3 * Math.max(1, length)];
        int n = 0;
        int from = 0;
        while (from < length) {
            int kind = w[from] == 0f ? ZERO : (w[from] == 1f ? ONE : RAMP);
            int to = from + 1;
            while (to < length && (w[to] == 0f ? ZERO : (w[to] == 1f ? ONE : RAMP)) == kind) {
                to++;
            }
            runs[n++] = from;
            runs[n++] = to;
            runs[n++] = kind;
            from = to;
        }
        return java.util.Arrays.copyOf(runs, n);
    }
}
