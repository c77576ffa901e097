package io.nightshift.raw.cli;

import io.nightshift.raw.bench.DecodeBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench decode [--runs N] [--min-ms M] [FILE...]}: warm medians of decode+pack and of LibRaw's
 * bare unpack per file (default: the RAW samples of {@code ../shared/raw-samples} and a generated
 * 12 MP Sony-like DNG), at least N rounds and M milliseconds per file; the last line is JSON with
 * {@code files}, {@code overhead_ratio} (worst file, CPU time of the decoding thread; see
 * {@link DecodeBenchmark}), {@code target} and {@code pass}, and the wall-clock ratio beside it.
 */
final class BenchCommand {

    private static final List<String> RAW_EXTENSIONS = List.of(".nef", ".crw", ".cr2", ".kdc", ".arw", ".dng", ".raf",
            ".orf", ".rw2", ".pef");

    private BenchCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length == 0 || !args[0].equals("decode")) {
            throw new RawCli.UsageException("bench: only 'bench decode [--runs N] [FILE...]' exists");
        }
        int runs = 15;
        long minMillis = 1500;
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--runs") && i + 1 < args.length) {
                try {
                    runs = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    throw new RawCli.UsageException("bench: --runs needs a whole number");
                }
            } else if (args[i].equals("--min-ms") && i + 1 < args.length) {
                try {
                    minMillis = Long.parseLong(args[++i]);
                } catch (NumberFormatException e) {
                    throw new RawCli.UsageException("bench: --min-ms needs a whole number");
                }
            } else if (args[i].startsWith("--")) {
                throw new RawCli.UsageException("bench: unknown option '" + args[i] + "'");
            } else {
                files.add(Path.of(args[i]));
            }
        }
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        if (files.isEmpty()) {
            files.addAll(defaultSamples());
        }
        for (Path file : files) {
            names.add(file.getFileName().toString());
            contents.add(Files.readAllBytes(file));
        }
        names.add("generated Sony-like 4256x2848 DNG");
        contents.add(DecodeBenchmark.sonyLikeDng());

        List<DecodeBenchmark.Result> results;
        try (DecodeBenchmark bench = new DecodeBenchmark(Math.max(2, runs), runs, minMillis)) {
            results = bench.measureAll(names, contents);
        }
        List<Map<String, Object>> perFile = new ArrayList<>();
        out.println("medians in ms, wall clock / CPU time of the decoding thread; ratio = ÷ bare unpack");
        for (DecodeBenchmark.Result r : results) {
            out.printf(Locale.ROOT, "%-34s %9d bytes %5dx%-5d decode+pack %7.2f / %7.2f  bare unpack %7.2f / %7.2f"
                            + "  ratio %.3f / %.3f  (copying path ratio %.3f / %.3f)%n",
                    r.name(), r.bytes(), r.width(), r.height(), r.decodePackMs(), r.decodePackCpuMs(),
                    r.bareUnpackMs(), r.bareUnpackCpuMs(), r.ratio(), r.cpuRatio(), r.copyRatio(), r.copyCpuRatio());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("file", r.name());
            fields.put("decode_pack_ms", round(r.decodePackMs()));
            fields.put("bare_unpack_ms", round(r.bareUnpackMs()));
            fields.put("ratio", round(r.cpuRatio()));
            fields.put("wall_ratio", round(r.ratio()));
            fields.put("decode_pack_cpu_ms", round(r.decodePackCpuMs()));
            fields.put("bare_unpack_cpu_ms", round(r.bareUnpackCpuMs()));
            fields.put("copy_path_ms", round(r.decodeCopyPackMs()));
            fields.put("copy_path_ratio", round(r.copyCpuRatio()));
            fields.put("copy_path_wall_ratio", round(r.copyRatio()));
            perFile.add(fields);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("files", perFile);
        double overhead = DecodeBenchmark.cpuOverheadRatio(results);
        summary.put("overhead_ratio", round(overhead));
        summary.put("target", DecodeBenchmark.TARGET_RATIO);
        summary.put("pass", overhead <= DecodeBenchmark.TARGET_RATIO);
        summary.put("clock", "thread_cpu");
        summary.put("overhead_ratio_wall", round(DecodeBenchmark.overheadRatio(results)));
        summary.put("copy_path_overhead_ratio", round(DecodeBenchmark.copyOverheadRatio(results)));
        summary.put("runs", runs);
        summary.put("min_ms", minMillis);
        out.println(Json.object(summary));
        return 0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static List<Path> defaultSamples() throws IOException {
        String home = System.getProperty("nightshift.home", ".");
        Path folder = Path.of(home).toAbsolutePath().resolve("../shared/raw-samples").normalize();
        if (!Files.isDirectory(folder)) {
            throw new java.nio.file.NoSuchFileException(folder + " (RAW samples folder; pass files or -Dnightshift.home)");
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(p -> RAW_EXTENSIONS.stream()
                            .anyMatch(ext -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted().toList();
        }
    }
}
