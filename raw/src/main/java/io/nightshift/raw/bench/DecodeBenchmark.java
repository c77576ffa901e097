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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Warm medians, in one process, of our decode + SID pack against LibRaw's bare {@code open_buffer}
 * + {@code unpack} of the same bytes (already in native memory, nothing copied out).
 *
 * <p>Decode + pack is the worker's path: {@link RawDecoder#decodePacked(byte[], PackBuffers)} from a
 * heap byte array (so it includes copying the file into native memory) into a reused output array.
 * It is measured alternately with the bare unpack (first in one round, second in the next), so that
 * load from other processes falls on both alike. Then, for comparison, the copying path
 * ({@link RawDecoder#decode(byte[])} then {@link SidPacker#pack(io.nightshift.raw.DecodedRaw)}, fresh
 * arrays each time), alternately with the bare unpack again, so that its garbage does not slow the
 * first measurements; its figures are scaled to the first bare median by the ratio measured there.
 *
 * <p>Each step is timed twice: wall clock, and CPU time of the measuring thread. On a shared machine
 * the wall clock of a few-millisecond decode mostly measures the scheduler; the thread's CPU time
 * measures the work. LibRaw may decode some formats on OpenMP threads, which thread CPU time misses:
 * that shrinks only the bare (LibRaw) share, so CPU-time ratios err high, never low.
 */
public final class DecodeBenchmark implements AutoCloseable {

    /**
     * One file's figures, in milliseconds: wall-clock medians, then the measuring thread's CPU-time
     * medians.
     */
    public record Result(String name, long bytes, int width, int height, double decodePackMs, double bareUnpackMs,
            double decodeCopyPackMs, double decodePackCpuMs, double bareUnpackCpuMs, double decodeCopyPackCpuMs) {

        /** Wall-clock figures without the copying path's. */
        public Result(String name, long bytes, int width, int height, double decodePackMs, double bareUnpackMs) {
            this(name, bytes, width, height, decodePackMs, bareUnpackMs, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN);
        }

        /** Decode + pack ÷ bare unpack, wall clock. */
        public double ratio() {
            return decodePackMs / bareUnpackMs;
        }

        /** Decode + pack ÷ bare unpack, thread CPU time. */
        public double cpuRatio() {
            return decodePackCpuMs / bareUnpackCpuMs;
        }

        /** The copying path (decode to a Java plane, then pack) ÷ bare unpack, wall clock. */
        public double copyRatio() {
            return decodeCopyPackMs / bareUnpackMs;
        }

        /** The copying path ÷ bare unpack, thread CPU time. */
        public double copyCpuRatio() {
            return decodeCopyPackCpuMs / bareUnpackCpuMs;
        }
    }

    /** The target for the overhead ratio. */
    public static final double TARGET_RATIO = 1.2;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
        Medians first = alternate(fast, bare);
        Medians second = alternate(copying, bare);
        return new Result(name, file.length, size[0], size[1], first.wallA, first.wallB,
                second.wallA * first.wallB / second.wallB, first.cpuA, first.cpuB,
                second.cpuA * first.cpuB / second.cpuB);
    }

    private record Medians(double wallA, double wallB, double cpuA, double cpuB) {
    }

    /** One timing of one step: wall clock and thread CPU time, in milliseconds. */
    private record Timing(double wall, double cpu) {
        static Timing of(Runnable step) {
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            step.run();
            long wall1 = System.nanoTime();
            long cpu1 = THREADS.getCurrentThreadCpuTime();
            return new Timing((wall1 - wall0) / 1e6, (cpu1 - cpu0) / 1e6);
        }
    }

    /**
     * Medians of {@code a} and {@code b} run in turn, {@code a} first in even rounds and second in
     * odd ones, so that neither always follows the other.
     */
    private Medians alternate(Runnable a, Runnable b) {
        List<Timing> timesA = new ArrayList<>();
        List<Timing> timesB = new ArrayList<>();
        long measuring = 0;
        for (int i = -warmups; i < runs || measuring < minMeasureNanos; i++) {
            Timing ta;
            Timing tb;
            if ((i & 1) == 0) {
                ta = Timing.of(a);
                tb = Timing.of(b);
            } else {
                tb = Timing.of(b);
                ta = Timing.of(a);
            }
            if (i >= 0) {
                timesA.add(ta);
                timesB.add(tb);
                measuring += (long) ((ta.wall() + tb.wall()) * 1e6);
            }
        }
        return new Medians(median(timesA, Timing::wall), median(timesB, Timing::wall), median(timesA, Timing::cpu),
                median(timesB, Timing::cpu));
    }

    private static double median(List<Timing> timings, ToDoubleFunction<Timing> clock) {
        return median(timings.stream().mapToDouble(clock).toArray());
    }

    private static Void bareUnpack(LibRawProcessor processor, ByteBuffer direct) {
        processor.open(direct.duplicate());
        processor.unpack();
        return null;
    }

    /** The worst file's decode+pack ÷ bare unpack, wall clock. */
    public static double overheadRatio(List<Result> results) {
        return results.stream().mapToDouble(Result::ratio).max().orElse(Double.NaN);
    }

    /** The worst file's decode+pack ÷ bare unpack, thread CPU time: the benchmark's verdict. */
    public static double cpuOverheadRatio(List<Result> results) {
        return results.stream().mapToDouble(Result::cpuRatio).max().orElse(Double.NaN);
    }

    /** The worst file's copying path ÷ bare unpack, thread CPU time, for comparison. */
    public static double copyOverheadRatio(List<Result> results) {
        return results.stream().mapToDouble(Result::copyCpuRatio).max().orElse(Double.NaN);
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
