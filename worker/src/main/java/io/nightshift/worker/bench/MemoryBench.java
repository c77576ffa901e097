package io.nightshift.worker.bench;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.nightshift.inference.bench.SonyLikeFrame;
import io.nightshift.inference.report.JsonLine;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import io.nightshift.stack.ToolStack;
import io.nightshift.worker.memory.MemoryBudget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./nightshift bench memory}: the peak resident memory ({@code VmHWM} of {@code /proc/PID/status}) of a worker
 * process running 12 MP frames, and of a fresh one running 50 MP frames, each through the real broker and S3 server
 * with the default model set and the default pipeline (several jobs, so frames overlap in the stages as they do in a
 * batch). Each worker gets the memory budget ({@code --budget}, default 6g) as {@code nightshift.worker.memory.budget}
 * and the heap that admits the largest frames in it ({@code MemoryBudget.recommendedHeapBytes}), and runs with
 * {@code -XX:+ExitOnOutOfMemoryError}, as the launcher starts it. Last line: {@code peak_rss_mb_12mp},
 * {@code peak_rss_mb_50mp}, {@code budget_mb}, {@code target} (the budget: peak ≤ budget) and {@code pass}, with the
 * heap committed at the end and the bytes per pixel inside and outside the heap between the two sizes (what
 * {@code MemoryBudget.HEAP_BYTES_PER_PIXEL} and {@code NATIVE_BYTES_PER_PIXEL} are rounded up from).
 */
public final class MemoryBench {

    /** 8672 × 5776: a 50 MP Bayer frame (medium format's lower end). */
    static final int WIDTH_50 = 8672;
    static final int HEIGHT_50 = 5776;

    private MemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        io.nightshift.worker.app.ConsoleLogging.install();
        String budget = "6g";
        String reserve = "1g";
        int jobs = 3;
        Path models = Path.of(System.getProperty("nightshift.home", "."), "models", "default");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--budget" -> budget = args[++i];
                case "--reserve" -> reserve = args[++i];
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--models" -> models = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: nightshift bench memory [--budget 6g] [--reserve 1g] [--jobs 3] [--models DIR]");
                    System.exit(2);
                }
            }
        }
        long budgetBytes = MemoryBudget.parseSize("--budget", budget);
        long reserveBytes = MemoryBudget.parseSize("--reserve", reserve);
        long heapMb = MemoryBudget.recommendedHeapBytes(budgetBytes, reserveBytes) >> 20;
        StackHome home = StackHome.locate();
        try (ToolStack toolStack = ToolStack.runningOrStart(home);
                MinioClient s3 = MinioClient.builder().endpoint(toolStack.config().s3Endpoint())
                        .credentials(toolStack.config().accessKey(), toolStack.config().secretKey()).build()) {
            StackConfig stack = toolStack.config();
            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", stack.bootstrapServers());
            String setVersion = WorkerBench.modelSet(s3, kafka, models);
            String run = "memory-" + UUID.randomUUID().toString().substring(0, 8);
            MemoryBudget admits = new MemoryBudget(budgetBytes, "configured", reserveBytes, heapMb << 20);
            System.out.printf(Locale.ROOT, "model set %s; budget %s, reserve %s, -Xmx%dm: %s%n", setVersion, budget,
                    reserve, heapMb, admits.describe());

            String key12 = upload(s3, run, "SONY_LIKE_12MP.DNG", SonyLikeFrame.dng(1));
            Run twelve = run(stack, kafka, run, "12mp", key12, jobs, budget, reserve, heapMb);
            String key50 = upload(s3, run, "SYNTHETIC_50MP.DNG", dng(WIDTH_50, HEIGHT_50, 2));
            Run fifty = run(stack, kafka, run, "50mp", key50, jobs, budget, reserve, heapMb);

            long mp12 = (long) SonyLikeFrame.WIDTH * SonyLikeFrame.HEIGHT;
            long mp50 = (long) WIDTH_50 * HEIGHT_50;
            double perPixel = (fifty.peakBytes - twelve.peakBytes) / (double) (mp50 - mp12);
            double heapPerPixel = (fifty.heapCommittedBytes - twelve.heapCommittedBytes) / (double) (mp50 - mp12);
            double nativePerPixel = perPixel - heapPerPixel;
            long budgetMb = budgetBytes >> 20;
            boolean pass = twelve.done && fifty.done && twelve.peakBytes <= budgetBytes && fifty.peakBytes <= budgetBytes;
            System.out.println(new JsonLine()
                    .put("peak_rss_mb_12mp", twelve.peakBytes >> 20)
                    .put("peak_rss_mb_50mp", fifty.peakBytes >> 20)
                    .put("budget_mb", budgetMb)
                    .put("target", "peak_rss_mb <= " + budgetMb)
                    .put("pass", pass)
                    .put("done_12mp", twelve.done)
                    .put("done_50mp", fifty.done)
                    .put("seconds_12mp", Math.round(twelve.seconds * 10) / 10.0)
                    .put("seconds_50mp", Math.round(fifty.seconds * 10) / 10.0)
                    .put("rss_bytes_per_pixel", Math.round(perPixel * 10) / 10.0)
                    .put("heap_bytes_per_pixel", Math.round(heapPerPixel * 10) / 10.0)
                    .put("native_bytes_per_pixel", Math.round(nativePerPixel * 10) / 10.0)
                    .put("model_heap_bytes_per_pixel", MemoryBudget.HEAP_BYTES_PER_PIXEL)
                    .put("model_native_bytes_per_pixel", MemoryBudget.NATIVE_BYTES_PER_PIXEL)
                    .put("heap_mb", heapMb)
                    .put("heap_committed_mb_12mp", twelve.heapCommittedBytes >> 20)
                    .put("heap_committed_mb_50mp", fifty.heapCommittedBytes >> 20)
                    .put("max_frame_mp", Math.round(admits.maxFramePixels() / 1e5) / 10.0)
                    .put("jobs_per_size", jobs)
                    .put("model_set", setVersion)
                    .put("cores", Runtime.getRuntime().availableProcessors()));
        }
    }

    /** What one worker process did with one frame size. */
    private record Run(long peakBytes, long heapCommittedBytes, boolean done, double seconds) {
    }

    /** The heap the JVM has committed ({@code jcmd PID GC.heap_info}: "total"), in bytes; -1 when jcmd cannot tell. */
    static long heapCommitted(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("heap\\s+total (\\d+)K").matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Run run(StackConfig stack, Properties kafka, String run, String size, String sourceKey, int jobs,
                           String budget, String reserve, long heapMb) throws Exception {
        String topic = WorkerBench.topic(kafka, run + "-" + size);
        Path log = Files.createTempFile("nightshift-bench-memory-" + size + "-", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heapMb + "m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        for (Map.Entry<String, String> p : stack.serviceProperties().entrySet()) {
            command.add("-D" + p.getKey() + "=" + p.getValue());
        }
        command.add("-Dnightshift.worker.id=bench-memory-" + size);
        command.add("-Dnightshift.worker.kafka.jobs-topic=" + topic);
        command.add("-Dnightshift.worker.kafka.group=" + topic + "-workers");
        command.add("-Dnightshift.worker.models.publish-default-when-none=false");
        command.add("-Dnightshift.worker.memory.budget=" + budget);
        command.add("-Dnightshift.worker.memory.reserve=" + reserve);
        command.add("io.nightshift.worker.app.WorkerMain");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // the class path travels in the environment: ONNX Runtime crashes in a process whose command line is long
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process worker = builder.start();
        try (WorkerBench.Results results = new WorkerBench.Results(kafka)) {
            List<Job> batch = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                batch.add(WorkerBench.job(run, size + "-" + i, sourceKey, OutputFormat.JPEG));
            }
            long start = System.nanoTime();
            for (Job job : batch) {
                WorkerBench.publish(kafka, topic, job);
            }
            boolean done = true;
            for (Job job : batch) {
                JobResult r = awaitAlive(results, job, worker, log);
                if (r == null || r.status() != JobStatus.DONE) {
                    done = false;
                    System.out.printf("%s job %s: %s%n", size, job.jobId(), r == null ? "worker ended ("
                            + tail(log) + ")" : r.errorClass() + ": " + r.reason());
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = worker.isAlive() ? peakResident(worker.pid()) : -1;
            long heap = worker.isAlive() ? heapCommitted(worker.pid()) : -1;
            System.out.printf(Locale.ROOT, "%s: %d job(s) %s in %.1f s, peak RSS %d MB, heap committed %d MB (log %s)%n",
                    size, jobs, done ? "done" : "NOT done", seconds, peak >> 20, heap >> 20, log);
            return new Run(peak, heap, done, seconds);
        } finally {
            worker.destroy();
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }

    private static JobResult awaitAlive(WorkerBench.Results results, Job job, Process worker, Path log) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!worker.isAlive()) {
                return null;
            }
            try {
                return results.await(job.jobId(), Duration.ofSeconds(5));
            } catch (IllegalStateException notYet) {
                // still running
            }
        }
        throw new IllegalStateException("no result for " + job.jobId() + " in 10 min; log " + log);
    }

    /** The process's peak resident set ({@code VmHWM}), in bytes. */
    static long peakResident(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no VmHWM");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "no log";
        }
    }

    private static String upload(MinioClient s3, String run, String name, byte[] dng) throws Exception {
        String key = "raw/" + run + "/" + name;
        s3.putObject(PutObjectArgs.builder().bucket("nightshift-raw").object(key)
                .stream(new ByteArrayInputStream(dng), (long) dng.length, -1L).build());
        System.out.printf("%s: %d MB%n", name, dng.length >> 20);
        return key;
    }

    /** A dark Sony-like frame of any size (RGGB, 14 bit, black 512), written by the RAW front end's {@link DngWriter}. */
    static byte[] dng(int width, int height, long seed) {
        short[] samples = new short[width * height];
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            double row = Math.cos(y / 97.0);
            for (int x = 0; x < width; x++) {
                double scene = 0.35 + 0.25 * row * ((x / 128 + y / 128) % 2 == 0 ? 1 : -1);
                double signal = 0.01 * 15871 * scene;
                samples[y * width + x] = (short) Math.max(0, Math.min(16383,
                        Math.round(512 + signal + 4 * random.nextGaussian())));
            }
        }
        return DngWriter.write(DngFrame.sonyLike(width, height), new BayerPlane(width, height, samples));
    }
}
