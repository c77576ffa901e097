package io.nightshift.trainer.cli;

import io.nightshift.trainer.data.HeldOutSet;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.data.SourceSplit;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Generates the fixed held-out set once:
 * {@code HeldOutSetCli --out DIR [--sources DIR[,DIR...]] [--seed 20261126] [--packed 256] [--count 72]}. Only
 * the source photographs ({@code PhotoSources}: one per picture) under the {@code --sources} folders (default
 * {@link PhotoSources#DEFAULT_FOLDERS}) that {@link SourceSplit#DEFAULT}
 * holds out are used; training uses the others. Prints one JSON line. {@code EvaluateCli} generates the same set
 * itself when it is missing.
 */
public final class HeldOutSetCli {

    private HeldOutSetCli() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> sources = PhotoSources.DEFAULT_FOLDERS;
        Path out = null;
        long seed = HeldOutSet.DEFAULT_SEED;
        int packed = HeldOutSet.DEFAULT_PACKED;
        int count = HeldOutSet.DEFAULT_COUNT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sources" -> sources = PhotoSources.folders(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--packed" -> packed = Integer.parseInt(args[++i]);
                case "--count" -> count = Integer.parseInt(args[++i]);
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null) {
            usage("--out is required");
        }
        long t = System.nanoTime();
        HeldOutSet.Generated g = HeldOutSet.generate(sources, out, seed, packed, count);
        System.out.printf(Locale.ROOT, "{\"items\":%d,\"sources\":%d,\"held_out_sources\":%d,\"out\":\"%s\",\"seconds\":%.1f}%n",
                g.items().size(), g.sources(), g.heldOutSources(), out, (System.nanoTime() - t) / 1e9);
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: HeldOutSetCli --out DIR [--sources DIR[,DIR...]] [--seed N] [--packed N] [--count N]");
        System.exit(2);
    }
}
