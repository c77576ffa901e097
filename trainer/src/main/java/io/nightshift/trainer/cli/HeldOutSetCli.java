package io.nightshift.trainer.cli;

import io.nightshift.trainer.data.HeldOutItem;
import io.nightshift.trainer.data.HeldOutSetGenerator;
import io.nightshift.trainer.data.SourceSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Generates the fixed held-out set once:
 * {@code HeldOutSetCli --sources DIR --out DIR [--seed 20261126] [--packed 256] [--count 60]}. Only the
 * photographs (PNG, JPEG) under {@code --sources} that {@link SourceSplit#DEFAULT} holds out are used;
 * training uses the others. Prints one JSON line.
 */
public final class HeldOutSetCli {

    private HeldOutSetCli() {
    }

    public static void main(String[] args) throws Exception {
        Path sources = null;
        Path out = null;
        long seed = 20261126;
        int packed = 256;
        int count = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sources" -> sources = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--packed" -> packed = Integer.parseInt(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (sources == null || out == null) {
            usage("--sources and --out are required");
        }
        List<Path> all;
        try (Stream<Path> files = Files.walk(sources)) {
            all = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)"))
                    .sorted().toList();
        }
        List<Path> heldOut = SourceSplit.DEFAULT.heldOut(all);
        String command = "HeldOutSetCli --sources " + sources + " --out " + out + " --seed " + seed + " --packed "
                + packed + " --count " + count;
        long t = System.nanoTime();
        List<HeldOutItem> items = new HeldOutSetGenerator(seed, packed, count).generate(heldOut, out, command);
        System.out.printf(Locale.ROOT, "{\"items\":%d,\"sources\":%d,\"held_out_sources\":%d,\"out\":\"%s\",\"seconds\":%.1f}%n",
                items.size(), all.size(), heldOut.size(), out, (System.nanoTime() - t) / 1e9);
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: HeldOutSetCli --sources DIR --out DIR [--seed N] [--packed N] [--count N]");
        System.exit(2);
    }
}
