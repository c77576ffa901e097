package io.nightshift.raw.bench;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.decode.DecodeLimits;
import io.nightshift.raw.decode.LibRawProcessor;
import io.nightshift.raw.decode.ProcessorPool;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
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
 */
public final class DecodeBenchmark implements AutoCloseable {

    /** One file's figures. */
    public record Result(String name, long bytes, int width, int height, double decodePackMs, double bareUnpackMs) {
        public double ratio() {
            return decodePackMs / bareUnpackMs;
        }
    }

    private final ProcessorPool pool = new ProcessorPool();
    private final RawDecoder decoder = new RawDecoder(pool, DecodeLimits.defaults());
    private final int warmups;
    private final int runs;

    public DecodeBenchmark(int warmups, int runs) {
        if (runs < 1 || warmups < 0) {
            throw new IllegalArgumentException("needs at least one run");
        }
        this.warmups = warmups;
        this.runs = runs;
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
        double[] full = new double[runs];
        double[] bare = new double[runs];
        int[] size = new int[2];
        for (int i = -warmups; i < runs; i++) {
            long t0 = System.nanoTime();
            PackedRaw packed = SidPacker.pack(decoder.decode(file));
            long t1 = System.nanoTime();
            pool.with(p -> bareUnpack(p, direct));
            long t2 = System.nanoTime();
            if (i >= 0) {
                full[i] = (t1 - t0) / 1e6;
                bare[i] = (t2 - t1) / 1e6;
            }
            size[0] = packed.crop().width();
            size[1] = packed.crop().height();
        }
        return new Result(name, file.length, size[0], size[1], median(full), median(bare));
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
