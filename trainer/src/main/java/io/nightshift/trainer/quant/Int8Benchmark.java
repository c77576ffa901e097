package io.nightshift.trainer.quant;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.onnx.quant.KernelProfile;
import io.nightshift.inference.bench.SonyLikeFrame;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.inference.pipeline.FrameEnhancer;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.trainer.data.HeldOutSet;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.eval.Evaluation;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nightshift bench engine --int8}: a set's INT8 enhancer against its FP32 one, side by side.
 * <ul>
 *   <li><b>speed</b>: the 12 MP Sony-like frame of {@code bench engine} through the worker's tiler (default tile,
 *       overlap, feather, batch) on the same engine configuration, FP32 and INT8 runs interleaved;
 *       {@code int8_speedup} = the median over the back-to-back pairs of FP32 time / INT8 time (a ratio measured in
 *       one run: absolute times on a shared machine are noise);</li>
 *   <li><b>kernels</b>: ONNX Runtime's profiler on one tile of each model: kernel time by operator type, the proof
 *       that QLinearConv (not Conv) runs;</li>
 *   <li><b>quality</b>: the held-out set (as {@code evaluate} generates it), each ratio band, through the worker's
 *       whole pipeline ({@link Evaluation}: packing, tiling, post-processing) with the true ratio:
 *       {@code int8_psnr_loss_db} = mean PSNR with FP32 − mean PSNR with INT8, against ground truth, at 100–300 (the
 *       target's band), and the same at 1–10 and 10–100 ({@code int8_psnr_loss_low_ratio_db},
 *       {@code int8_psnr_loss_mid_ratio_db}: a CPU worker's {@code auto} serves INT8 at every ratio).</li>
 * </ul>
 * Also prints the CPU's instruction-set extensions ({@link CpuFeatures}). The last line is one JSON object.
 *
 * <p>Options: {@code --models DIR} (models/default) {@code --set DIR} (.nightshift/held-out) {@code --int8 FILE}
 * (another INT8 model than the set's, to compare recipes) {@code --threads N} (all cores) {@code --tile N}
 * ({@link TilingConfig#DEFAULT_TILE}) {@code --repeats N} (5) {@code --profile-tile N} (512) {@code --no-quality}
 * {@code --no-speed} (each leaves its part out; {@code pass} then is false).
 */
public final class Int8Benchmark {

    static final double TARGET_SPEEDUP = 1.8;
    static final double TARGET_LOSS_DB = 0.3;

    private Int8Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of("models/default");
        Path set = Path.of(".nightshift/held-out");
        Path int8File = null;
        int threads = Runtime.getRuntime().availableProcessors();
        int tile = TilingConfig.DEFAULT_TILE;
        int repeats = 5;
        int profileTile = 512;
        boolean quality = true;
        boolean timing = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--int8" -> { } // the mode flag of bench engine
                case "--models" -> models = Path.of(args[++i]);
                case "--set" -> set = Path.of(args[++i]);
                case "--int8-model" -> int8File = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--tile" -> tile = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--profile-tile" -> profileTile = Integer.parseInt(args[++i]);
                case "--no-quality" -> quality = false;
                case "--no-speed" -> timing = false;
                default -> {
                    System.err.println("usage: bench engine --int8 [--models DIR] [--set DIR] [--int8-model FILE] "
                            + "[--threads N] [--tile N] [--repeats N] [--profile-tile N] [--no-quality] [--no-speed]");
                    System.exit(2);
                }
            }
        }
        ModelSetManifest manifest = ProtocolJson.readModelSet(Files.readAllBytes(models.resolve(ModelRegistry.MANIFEST)));
        byte[] fp32 = checked(models, manifest.enhancer());
        byte[] int8;
        if (int8File != null) {
            int8 = Files.readAllBytes(int8File);
        } else if (manifest.enhancerInt8() != null) {
            int8 = checked(models, manifest.enhancerInt8());
        } else {
            throw new IllegalStateException("set " + manifest.setVersion() + " has no INT8 enhancer: run "
                    + "./nightshift quantize --models " + models);
        }
        byte[] ratio = checked(models, manifest.ratioEstimator());

        CpuFeatures cpu = CpuFeatures.read();
        System.out.println("cpu: " + cpu.model() + "; " + String.join(" ", cpu.isa()));
        System.out.println("set " + manifest.setVersion() + ": FP32 " + fp32.length + " B, INT8 " + int8.length + " B");

        Speed speed = timing ? speed(fp32, int8, threads, tile, repeats) : new Speed(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        System.out.printf(Locale.ROOT, "speed (%d threads, tile %d, %d interleaved pairs): median FP32 %.2f CPU s, INT8 %.2f CPU s "
                + "per 12 MP frame; median pair ratio ×%.2f CPU time, ×%.2f wall time%n", threads, tile, repeats,
                speed.fp32Seconds(), speed.int8Seconds(), speed.speedup(), speed.wallSpeedup());

        KernelProfile p8 = timing ? profile(int8, threads, profileTile) : new KernelProfile(Map.of());
        KernelProfile p32 = timing ? profile(fp32, threads, profileTile) : new KernelProfile(Map.of());
        System.out.println("INT8 kernel time by op (%): " + p8.sharesJson());
        System.out.println("FP32 kernel time by op (%): " + p32.sharesJson());
        System.out.printf(Locale.ROOT, "profiled one %d tile twice each (one after the other, so not a speed figure): "
                + "INT8 %.1f ms of kernels, FP32 %.1f ms%n", profileTile, p8.totalMicros() / 1e3, p32.totalMicros() / 1e3);

        List<Quality> bands = quality ? quality(fp32, int8, ratio, set, threads) : null;
        Quality q = bands == null ? null : bands.get(BANDS.length - 1);
        if (bands != null) {
            for (int k = 0; k < BANDS.length; k++) {
                Quality b = bands.get(k);
                System.out.printf(Locale.ROOT, "held-out %.0f-%.0f (%d items): FP32 %.3f dB, INT8 %.3f dB, loss %.3f dB%n",
                        BANDS[k][0], BANDS[k][1], b.items(), b.fp32Db(), b.int8Db(), b.lossDb());
            }
        }
        boolean pass = timing && speed.speedup() >= TARGET_SPEEDUP && q != null && q.lossDb() <= TARGET_LOSS_DB;
        StringBuilder json = new StringBuilder("{");
        json.append("\"cpu\":\"").append(cpu.model().replace("\"", "'")).append("\",\"isa\":[");
        for (int i = 0; i < cpu.isa().size(); i++) {
            json.append(i > 0 ? "," : "").append('"').append(cpu.isa().get(i)).append('"');
        }
        json.append(String.format(Locale.ROOT, "],\"set\":\"%s\",\"threads\":%d,\"tile\":%d,\"repeats\":%d,"
                        + "\"fp32_cpu_s_per_frame\":%s,\"int8_cpu_s_per_frame\":%s,\"int8_speedup\":%s,"
                        + "\"int8_wall_speedup\":%s,",
                manifest.setVersion(), threads, tile, repeats, number(speed.fp32Seconds()), number(speed.int8Seconds()),
                number(speed.speedup()), number(speed.wallSpeedup())));
        json.append(String.format(Locale.ROOT, "\"qlinearconv_calls\":%d,\"int8_conv_calls\":%d,"
                        + "\"int8_kernel_share_pct\":%s,\"fp32_kernel_share_pct\":%s,",
                p8.calls("QLinearConv") / 2, p8.calls("Conv") / 2, p8.sharesJson(), p32.sharesJson()));
        if (q != null) {
            json.append(String.format(Locale.ROOT, "\"heldout_items\":%d,\"psnr_fp32_db\":%.3f,\"psnr_int8_db\":%.3f,"
                    + "\"int8_psnr_loss_db\":%.3f,\"int8_psnr_loss_low_ratio_db\":%.3f,"
                    + "\"int8_psnr_loss_mid_ratio_db\":%.3f,", q.items(), q.fp32Db(), q.int8Db(), q.lossDb(),
                    bands.get(0).lossDb(), bands.get(1).lossDb()));
        } else {
            json.append("\"int8_psnr_loss_db\":null,");
        }
        json.append(String.format(Locale.ROOT, "\"target\":\"int8_speedup >= %.1f and int8_psnr_loss_db <= %.1f\","
                + "\"pass\":%b}", TARGET_SPEEDUP, TARGET_LOSS_DB, pass));
        System.out.println(json);
    }

    /** A JSON number with three decimals, or {@code null} for a figure not measured. */
    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
    }

    private static byte[] checked(Path dir, io.nightshift.protocol.ModelFile file) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(file.key()));
        if (!ModelRegistry.sha256(bytes).equals(file.sha256())) {
            throw new IOException(file.key() + " does not match its manifest's SHA-256");
        }
        return bytes;
    }

    /**
     * @param fp32Seconds    median FP32 CPU seconds (all threads of this process) per frame
     * @param int8Seconds    median INT8 CPU seconds per frame
     * @param speedup        median over the interleaved pairs of FP32 / INT8 CPU time: the throughput ratio of a node
     *                       whose cores are all busy, and, unlike wall time, not stretched by other processes on a
     *                       shared machine (as {@code bench decode} does)
     * @param wallSpeedup    the same median of wall-clock ratios (load on the machine moves it)
     */
    record Speed(double fp32Seconds, double int8Seconds, double speedup, double wallSpeedup) {
    }

    /** Both models through the worker's tiler on the same frame, runs interleaved; medians. */
    static Speed speed(byte[] fp32, byte[] int8, int threads, int tile, int repeats) {
        PlanarImage input = SonyLikeFrame.enhancerInput(7, 100);
        TilingConfig tiling = new TilingConfig(tile, TilingConfig.DEFAULT_OVERLAP, TilingConfig.DEFAULT_FEATHER,
                TilingConfig.DEFAULT_BATCH);
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(threads).withSpinWait(false));
                EnhancerSession a = engine.loadEnhancer(fp32);
                EnhancerSession b = engine.loadEnhancer(int8)) {
            TiledEnhancer ta = new TiledEnhancer(a, tiling);
            TiledEnhancer tb = new TiledEnhancer(b, tiling);
            ta.enhance(input);
            tb.enhance(input);
            double[] sa = new double[repeats];
            double[] sb = new double[repeats];
            double[] ratios = new double[repeats];
            double[] wallRatios = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                double[] f = seconds(ta, input);
                double[] q = seconds(tb, input);
                sa[i] = f[0];
                sb[i] = q[0];
                ratios[i] = f[0] / q[0];
                wallRatios[i] = f[1] / q[1];
                System.out.printf(Locale.ROOT, "  pair %d: FP32 %.2f CPU s (%.2f s wall), INT8 %.2f CPU s (%.2f s wall): "
                        + "×%.2f CPU, ×%.2f wall%n", i + 1, f[0], f[1], q[0], q[1], ratios[i], wallRatios[i]);
            }
            return new Speed(median(sa), median(sb), median(ratios), median(wallRatios));
        }
    }

    /** {CPU seconds of this process (every thread, ONNX Runtime's native ones included), wall seconds}. */
    private static double[] seconds(TiledEnhancer tiler, PlanarImage input) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        tiler.enhance(input);
        return new double[] {(os.getProcessCpuTime() - cpu) / 1e9, (System.nanoTime() - start) / 1e9};
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** ONNX Runtime's profile of two runs on one {@code side × side} packed tile (after one unprofiled… run). */
    static KernelProfile profile(byte[] model, int threads, int side) throws OrtException, IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path dir = Files.createTempDirectory("nightshift-profile");
        float[] x = new float[ContractV1.PACKED_CHANNELS * side * side];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.2 + 0.1 * random.nextGaussian());
        }
        long[] shape = {1, ContractV1.PACKED_CHANNELS, side, side};
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.enableProfiling(dir.resolve("ort").toString());
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape)) {
                for (int i = 0; i < 2; i++) {
                    try (OrtSession.Result r = session.run(Map.of(ContractV1.ENHANCER_INPUT, input))) {
                        r.get(0);
                    }
                }
                Path trace = Path.of(session.endProfiling());
                KernelProfile profile = KernelProfile.read(trace);
                Files.deleteIfExists(trace);
                Files.deleteIfExists(dir);
                return profile;
            }
        }
    }

    record Quality(int items, double fp32Db, double int8Db) {
        double lossDb() {
            return fp32Db - int8Db;
        }
    }

    /** The held-out set's ratio bands, low to high; the headline figure is the last (SID's 100–300). */
    static final double[][] BANDS = {{1, 10}, {10, 100}, {100, 300}};

    /**
     * Mean PSNR of the whole pipeline with the true ratio against ground truth over the held-out items of each ratio
     * band ({@link #BANDS}, in that order), with each enhancer (the set's ratio CNN for both; it does not enter the
     * true-ratio figure).
     */
    static List<Quality> quality(byte[] fp32, byte[] int8, byte[] ratio, Path set, int threads) throws IOException {
        if (HeldOutSet.mismatch(set, HeldOutSet.DEFAULT_SEED, HeldOutSet.DEFAULT_PACKED, HeldOutSet.DEFAULT_COUNT)
                .isPresent()) {
            System.out.println("generating the held-out set into " + set + " (as evaluate does)");
            HeldOutSet.generate(PhotoSources.DEFAULT_FOLDERS, set, HeldOutSet.DEFAULT_SEED, HeldOutSet.DEFAULT_PACKED,
                    HeldOutSet.DEFAULT_COUNT);
        }
        double[] sumA = new double[BANDS.length];
        double[] sumB = new double[BANDS.length];
        int[] n = new int[BANDS.length];
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(threads).withSpinWait(false));
                EnhancerSession a = engine.loadEnhancer(fp32);
                EnhancerSession b = engine.loadEnhancer(int8);
                RatioSession r = engine.loadRatioEstimator(ratio)) {
            RatioEstimator estimator = new RatioEstimator(r, RatioRange.DEFAULT);
            try (Evaluation ea = new Evaluation(new FrameEnhancer(a, estimator, TilingConfig.defaults()));
                    Evaluation eb = new Evaluation(new FrameEnhancer(b, estimator, TilingConfig.defaults()))) {
                for (HeldOutSet.Entry e : HeldOutSet.entries(set)) {
                    int band = -1;
                    for (int k = BANDS.length - 1; k >= 0 && band < 0; k--) {
                        band = e.ratio() >= BANDS[k][0] && e.ratio() <= BANDS[k][1] ? k : -1;
                    }
                    if (band < 0) {
                        continue;
                    }
                    double pa = ea.measure(set, e).psnrNet();
                    double pb = eb.measure(set, e).psnrNet();
                    sumA[band] += pa;
                    sumB[band] += pb;
                    n[band]++;
                    System.out.printf(Locale.ROOT, "  %-28s ratio %6.1f  FP32 %6.2f dB  INT8 %6.2f dB%n", e.dng(),
                            e.ratio(), pa, pb);
                }
            }
        }
        List<Quality> out = new ArrayList<>();
        for (int k = 0; k < BANDS.length; k++) {
            out.add(new Quality(n[k], sumA[k] / n[k], sumB[k] / n[k]));
        }
        return out;
    }
}
