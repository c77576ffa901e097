package io.nightshift.worker.bench;

import io.minio.MinioClient;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.image.NoisePlanes;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.inference.bench.SonyLikeFrame;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.output.OutputMetadata;
import io.nightshift.inference.pipeline.FrameInputs;
import io.nightshift.inference.ratio.RatioDecision;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.report.JsonLine;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackBuffers;
import io.nightshift.raw.pack.PackedFrame;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import io.nightshift.stack.ToolStack;
import io.nightshift.worker.pipeline.InputPreview;
import io.nightshift.worker.pipeline.OutputStage;
import io.nightshift.worker.storage.ObjectStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code ./nightshift bench stages}: thread CPU time per stage per 12 MP frame, outside the enhancer's ONNX
 * Runtime {@code run} calls, for each output format, and the frame rate that implies for a node of {@code --cores}
 * cores whose accelerator runs the enhancer in {@code --engine-ms} per frame:
 * {@code fps = min(cores × 1000 / cpu_ms_outside_engine, 1000 / engine_ms)} (a projection, not a measurement).
 *
 * <p>Each stage runs alone, one after another, with the worker's own code (the object store client, LibRaw's fused
 * decode and pack, the ratio estimator, the tiler, {@link OutputStage}); its cost is the CPU time summed over every
 * live thread of this JVM (pool threads included) across the stage. The engine runs with one intra-op thread so that
 * its {@code run} calls happen on the calling thread and can be subtracted ({@link TiledEnhancer#runCpuNanos()}).
 * Figures are medians over {@code --repeats} frames after one warm-up frame.
 */
public final class StagesBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final double TARGET_JPEG_MS = 500;
    static final double TARGET_PNG16_MS = 1500;
    private static final List<String> SHARED = List.of("download", "decode", "pack", "ratio", "tiling");

    private StagesBench() {
    }

    public static void main(String[] args) throws Exception {
        int cores = 16;
        double engineMs = 8;
        int repeats = 3;
        Path models = null;
        List<OutputFormat> formats = List.of(OutputFormat.JPEG, OutputFormat.PNG16, OutputFormat.TIFF16, OutputFormat.DNG);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cores" -> cores = Integer.parseInt(args[++i]);
                case "--engine-ms" -> engineMs = Double.parseDouble(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--models" -> models = Path.of(args[++i]);
                case "--formats" -> {
                    List<OutputFormat> f = new ArrayList<>();
                    for (String name : args[++i].split(",")) {
                        f.add(OutputFormat.fromWireName(name.trim()));
                    }
                    formats = List.copyOf(f);
                }
                default -> {
                    System.err.println("usage: nightshift bench stages [--cores 16] [--engine-ms 8] [--repeats 3] "
                            + "[--formats jpeg,png16,tiff16,dng] [--models DIR]");
                    System.exit(2);
                }
            }
        }
        if (!formats.contains(OutputFormat.JPEG) || !formats.contains(OutputFormat.PNG16)) {
            System.err.println("--formats must include jpeg and png16 (the targets)");
            System.exit(2);
        }
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM does not measure thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        StackHome home = StackHome.locate();
        Path modelDir = models != null ? models : home.root().resolve("models/default");
        try (ToolStack toolStack = ToolStack.runningOrStart(home)) {
            StackConfig stack = toolStack.config();
            try (MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint())
                    .credentials(stack.accessKey(), stack.secretKey()).build()) {
                run(new ObjectStore(s3), modelDir, formats, repeats, cores, engineMs);
            }
        }
    }

    private static void run(ObjectStore store, Path modelDir, List<OutputFormat> formats, int repeats, int cores,
                            double engineMs) {
        String run = "bench-stages-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] dng = SonyLikeFrame.dng(1);
        ObjectRef source = new ObjectRef("nightshift-raw", "raw/" + run + "/SONY_LIKE_12MP.DNG");
        store.write(source, dng, "image/x-adobe-dng");
        OutputStage output = new OutputStage(0.92f, 1024);
        TilingConfig tiling = TilingConfig.defaults();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        List<Double> engine = new ArrayList<>();
        List<ObjectRef> written = new ArrayList<>();
        written.add(source);
        String setVersion;
        try (InferenceEngine inference = new InferenceEngine(EngineConfig.cpu(1).withSpinWait(false));
             ModelRegistry registry = new ModelRegistry(inference);
             RawDecoder decoder = new RawDecoder()) {
            registry.loadFolder(modelDir);
            setVersion = registry.servingVersion().orElseThrow();
            PackBuffers buffers = new PackBuffers();
            System.out.printf("model set %s; source %d MB (%dx%d); %d frames after a warm-up; formats %s%n", setVersion,
                    dng.length >> 20, SonyLikeFrame.WIDTH, SonyLikeFrame.HEIGHT, repeats, formats);
            for (int rep = 0; rep <= repeats; rep++) {
                Map<String, Double> frame = new LinkedHashMap<>();
                byte[] bytes = timed(frame, "download", () -> store.read(source, 1L << 30));
                PackedFrame packed = timed(frame, "decode", () -> decoder.decodePacked(bytes, buffers));
                Object[] pack = timed(frame, "pack", () -> new Object[] {
                        InputPreview.PackedGeometry.of(packed.packed()), InputPreview.source(packed.packed(), 1024)});
                InputPreview.PackedGeometry geometry = (InputPreview.PackedGeometry) pack[0];
                PlanarImage previewSource = (PlanarImage) pack[1];
                PlanarImage rgb;
                double ratio;
                try (ModelLease lease = registry.acquire()) {
                    PlanarImage planar = FrameInputs.planar(packed.packed());
                    WhiteBalance wb = FrameInputs.whiteBalance(packed.metadata());
                    RatioDecision decision = timed(frame, "ratio", () -> new RatioEstimator(lease.ratio(), RatioRange.DEFAULT)
                            .decide(planar, wb, OptionalDouble.empty()));
                    ratio = decision.ratio();
                    TiledEnhancer tiler = new TiledEnhancer(lease.enhancer(), tiling);
                    rgb = timed(frame, "tiling", () -> {
                        NoisePlanes noise = lease.enhancer().noisePlanes(planar, decision.ratio());
                        EnhancerInput.into(planar, wb, (float) decision.ratio(), planar);
                        return tiler.enhance(planar, noise);
                    });
                    double runMs = tiler.runCpuNanos() / 1e6;
                    frame.put("tiling", frame.get("tiling") - runMs);
                    engine.add(runMs);
                }
                buffers.release();
                OutputMetadata meta = OutputMetadata.of(packed.metadata().capture(), setVersion, ratio, "estimated");
                for (OutputFormat format : formats) {
                    String f = format.wireName();
                    OutputStage.Display display = timed(frame, f + ".post", () -> output.post(rgb, packed.metadata(),
                            geometry, format));
                    OutputStage.Encoded encoded = timed(frame, f + ".encode", () -> output.encode(display, rgb,
                            packed.metadata(), geometry, previewSource, ratio, format, meta));
                    ObjectRef out = new ObjectRef("nightshift-results", "bench-stages/" + run + "/out." + f);
                    timed(frame, f + ".upload", () -> {
                        store.write(out, encoded.output(), format.contentType());
                        store.write(new ObjectRef(out.bucket(), out.key() + ".preview.jpg"), encoded.resultPreview(), "image/jpeg");
                        store.write(new ObjectRef(out.bucket(), out.key() + ".input.jpg"), encoded.inputPreview(), "image/jpeg");
                        return null;
                    });
                    if (rep == 0) {
                        written.add(out);
                        written.add(new ObjectRef(out.bucket(), out.key() + ".preview.jpg"));
                        written.add(new ObjectRef(out.bucket(), out.key() + ".input.jpg"));
                        System.out.printf("%s: %d bytes, previews %d + %d bytes%n", f, encoded.output().length,
                                encoded.resultPreview().length, encoded.inputPreview().length);
                    }
                }
                System.out.printf("%s cpu ms: %s (engine runs %.0f ms)%n", rep == 0 ? "warm-up" : "frame " + rep,
                        rounded(frame), engine.get(engine.size() - 1));
                if (rep > 0) {
                    frame.forEach((k, v) -> ms.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                }
            }
        } finally {
            for (ObjectRef ref : written) {
                try {
                    store.remove(ref);
                } catch (RuntimeException e) {
                    System.out.println("could not remove " + ref + ": " + e.getMessage());
                }
            }
        }
        Map<String, Double> median = new LinkedHashMap<>();
        ms.forEach((k, v) -> median.put(k, median(v)));
        double shared = SHARED.stream().mapToDouble(median::get).sum();
        JsonLine perFormat = new JsonLine();
        Map<String, Double> outside = new LinkedHashMap<>();
        for (OutputFormat format : formats) {
            String f = format.wireName();
            Map<String, Double> stages = new LinkedHashMap<>();
            for (String s : SHARED) {
                stages.put(s, round(median.get(s)));
            }
            double total = shared;
            for (String s : List.of("post", "encode", "upload")) {
                double v = median.get(f + "." + s);
                stages.put(s, round(v));
                total += v;
            }
            outside.put(f, total);
            stages.put("total", round(total));
            JsonLine line = new JsonLine();
            stages.forEach(line::put);
            perFormat.put(f, line);
            System.out.printf("%-7s %s%n", f, stages);
        }
        double jpeg = outside.get("jpeg");
        double png = outside.get("png16");
        double fps = Math.min(cores * 1000.0 / jpeg, 1000.0 / engineMs);
        System.out.printf("projection for %d cores and an engine at %.1f ms per frame: min(%d × 1000 / %.0f, 1000 / %.1f) = %.1f "
                + "frames/s (JPEG)%n", cores, engineMs, cores, jpeg, engineMs, fps);
        JsonLine json = new JsonLine()
                .put("cpu_ms_outside_engine", round(jpeg))
                .put("cpu_ms_outside_engine_png16", round(png))
                .put("projected_gpu_node_fps", round(fps));
        for (OutputFormat format : formats) {
            if (format != OutputFormat.JPEG && format != OutputFormat.PNG16) {
                json.put("cpu_ms_outside_engine_" + format.wireName(), round(outside.get(format.wireName())));
            }
        }
        json.put("stages_ms", perFormat)
                .put("engine_cpu_ms_1_thread", round(median(engine.subList(1, engine.size()))))
                .put("cores", cores)
                .put("engine_ms", engineMs)
                .put("model_set", setVersion)
                .put("frames", repeats)
                .put("input", "synthetic Sony-like DNG " + SonyLikeFrame.WIDTH + "x" + SonyLikeFrame.HEIGHT)
                .put("target_jpeg", "cpu_ms_outside_engine <= " + (int) TARGET_JPEG_MS)
                .put("target_png16", "cpu_ms_outside_engine_png16 <= " + (int) TARGET_PNG16_MS)
                .put("pass", jpeg <= TARGET_JPEG_MS && png <= TARGET_PNG16_MS);
        System.out.println(json);
    }

    /** Runs {@code work}, adding the CPU time of every live thread across it to {@code into[stage]} in ms. */
    private static <T> T timed(Map<String, Double> into, String stage, Supplier<T> work) {
        long before = allThreadsCpuNanos();
        T result = work.get();
        into.merge(stage, (allThreadsCpuNanos() - before) / 1e6, Double::sum);
        return result;
    }

    /** CPU time of every live thread of this JVM (threads that ended meanwhile are lost: the stages use pools). */
    static long allThreadsCpuNanos() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static Map<String, Long> rounded(Map<String, Double> frame) {
        Map<String, Long> out = new LinkedHashMap<>();
        frame.forEach((k, v) -> out.put(k, Math.round(v)));
        return out;
    }
}
