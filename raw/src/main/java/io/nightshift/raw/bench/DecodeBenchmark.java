package io.nightshift.raw.bench;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.decode.DecodeLimits;
import io.nightshift.raw.decode.LibRawProcessor;
import io.nightshift.raw.decode.ProcessorPool;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.raw.pack.PackBuffers;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.pack.SidPacker;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Warm medians, in one process, of our decode + SID pack against LibRaw's bare {@code open_buffer}
 * + {@code unpack} of the same bytes (already in native memory, nothing copied out).
 *
 * <p>Decode + pack is the worker's path: {@link RawDecoder#decodePacked(byte[], PackBuffers)} from a
 * heap byte array (so it includes copying the file into native memory) into a reused output array.
 * Each is measured alternately with the bare unpack (first in one round, second in the next), so
 * that load from other processes falls on both alike. Then, for comparison, the copying path
 * ({@link RawDecoder#decode(byte[])} then {@link SidPacker#pack(io.nightshift.raw.DecodedRaw)}, fresh
 * arrays each time) alternately with the bare unpack again; its figure is scaled to the first bare
 * median by the ratio measured there.
 */
public final class DecodeBenchmark implements AutoCloseable {

    /** One file's figures. */
    public record Result(String name, long bytes, int width, int height, double decodePackMs, double bareUnpackMs,
            double decodeCopyPackMs) {

        /** Figures without the copying path's. */
        public Result(String name, long bytes, int width, int height, double decodePackMs, double bareUnpackMs) {
            this(name, bytes, width, height, decodePackMs, bareUnpackMs, Double.NaN);
        }

        /** Decode + pack ÷ bare unpack. */
        public double ratio() {
            return decodePackMs / bareUnpackMs;
        }

        /** The copying path (decode to a Java plane, then pack) ÷ bare unpack. */
        public double copyRatio() {
            return decodeCopyPackMs / bareUnpackMs;
        }
    }

    /** The target for {@link #overheadRatio(List)}. */
    public static final double TARGET_RATIO = 1.2;

    private final ProcessorPool pool = new ProcessorPool();
    private final RawDecoder decoder = new RawDecoder(pool, DecodeLimits.defaults());
    private final PackBuffers buffers = new PackBuffers();
    private final int warmups;
    private final int runs;
    private final long minMeasureNanos;

    public DecodeBenchmark(int warmups, int runs) {
        this(warmups, runs, 0);
    }

    /**
     * @param minMeasureMillis go on measuring a file beyond {@code runs} rounds until this much time
     *     was spent on it, so that small files get enough rounds for a stable median
     */
    public DecodeBenchmark(int warmups, int runs, long minMeasureMillis) {
        if (runs < 1 || warmups < 0 || minMeasureMillis < 0) {
            throw new IllegalArgumentException("needs at least one run");
        }
        this.warmups = warmups;
        this.runs = runs;
        this.minMeasureNanos = minMeasureMillis * 1_000_000;
    }

    /** A Sony-like (RGGB, 14-bit, black 512, white 16383) 4256×2848 DNG, about 12 MP. */
    public static byte[] sonyLikeDng() {
        int w = 4256;
        int h = 2848;
        short[] samples = new short[w * h];
        Random random = new Random(1);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (512 + random.nextInt(4000));
        }
        return DngWriter.write(DngFrame.sonyLike(w, h), new BayerPlane(w, h, samples));
    }

    public Result measure(String name, byte[] file) {
        ByteBuffer direct = ByteBuffer.allocateDirect(file.length).put(file).flip();
        int[] size = new int[2];
        Runnable fast = () -> {
            PackedRaw packed = decoder.decodePacked(file, buffers).packed();
            size[0] = packed.crop().width();
            size[1] = packed.crop().height();
        };
        Runnable bare = () -> pool.with(p -> bareUnpack(p, direct));
        Runnable copying = () -> SidPacker.pack(decoder.decode(file));
        double[] fastAgainstBare = alternate(fast, bare);
        // the copying path apart, so that its garbage does not slow the measurements above
        double[] copyingAgainstBare = alternate(copying, bare);
        return new Result(name, file.length, size[0], size[1], fastAgainstBare[0], fastAgainstBare[1],
                copyingAgainstBare[0] * fastAgainstBare[1] / copyingAgainstBare[1]);
    }

    /**
     * Medians of {@code a} and {@code b} run in turn, {@code a} first in even rounds and second in
     * odd ones, so that neither always follows the other.
     */
    private double[] alternate(Runnable a, Runnable b) {
        List<Double> timesA = new ArrayList<>();
        List<Double> timesB = new ArrayList<>();
        long measuring = 0;
        for (int i = -warmups; i < runs || measuring < minMeasureNanos; i++) {
            boolean aFirst = (i & 1) == 0;
            long t0 = System.nanoTime();
            (aFirst ? a : b).run();
            long t1 = System.nanoTime();
            (aFirst ? b : a).run();
            long t2 = System.nanoTime();
            if (i >= 0) {
                timesA.add((aFirst ? t1 - t0 : t2 - t1) / 1e6);
                timesB.add((aFirst ? t2 - t1 : t1 - t0) / 1e6);
                measuring += t2 - t0;
            }
        }
        return new double[] {median(timesA), median(timesB)};
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Void bareUnpack(LibRawProcessor processor, ByteBuffer direct) {
        processor.open(direct.duplicate());
        processor.unpack();
        return null;
    }

    /** The worst file's decode+pack ÷ bare unpack. */
    public static double overheadRatio(List<Result> results) {
        return results.stream().mapToDouble(Result::ratio).max().orElse(Double.NaN);
    }

    /** The worst file's copying path ÷ bare unpack, for comparison. */
    public static double copyOverheadRatio(List<Result> results) {
        return results.stream().mapToDouble(Result::copyRatio).max().orElse(Double.NaN);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public List<Result> measureAll(List<String> names, List<byte[]> files) {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            results.add(measure(names.get(i), files.get(i)));
        }
        return results;
    }

    @Override
    public void close() {
        decoder.close();
        pool.close();
    }
}
