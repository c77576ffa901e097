package io.nightshift.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fixed held-out set on disk: generated deterministically (it is ~100 MB at the default size, so it is not
 * committed) and checked against its manifest before use.
 */
public final class HeldOutSet {

    /** The set's own seed, independent of any training seed. */
    public static final long DEFAULT_SEED = 20261126;
    public static final int DEFAULT_PACKED = 256;
    /** 12 items per held-out source (3 bands × 4 layouts), for the 6 of the default sources. */
    public static final int DEFAULT_COUNT = 72;

    /** One item as the manifest lists it; {@code source} is its photograph's file name (its scene). */
    public record Entry(String dng, String target, String layout, double ratio, String band, String source) {
    }

    /** What {@link #generate} made. */
    public record Generated(List<HeldOutItem> items, int sources, int heldOutSources) {
    }

    private HeldOutSet() {
    }

    /**
     * Generates the set into {@code out} from the held-out sources ({@link SourceSplit#DEFAULT}) among the photographs
     * under the {@code sources} folders ({@link PhotoSources#list}).
     */
    public static Generated generate(List<Path> sources, Path out, long seed, int packed, int count) throws IOException {
        List<Path> all = PhotoSources.list(sources);
        List<Path> heldOut = SourceSplit.DEFAULT.heldOut(all);
        String command = "HeldOutSetCli --sources " + PhotoSources.joined(sources) + " --out " + out + " --seed " + seed
                + " --packed " + packed + " --count " + count;
        List<HeldOutItem> items = new HeldOutSetGenerator(seed, packed, count).generate(heldOut, out, command);
        return new Generated(items, all.size(), heldOut.size());
    }

    /**
     * Why the set in {@code dir} is not the one these parameters make (missing manifest, other version, seed, size
     * or count, a missing file), or empty when it is.
     */
    public static Optional<String> mismatch(Path dir, long seed, int packed, int count) throws IOException {
        return mismatch(dir, seed, packed, count, HeldOutSetGenerator.VERSION);
    }

    /**
     * Generates a version-3 set ({@link HeldOutSetGenerator#VERSION_3}) of {@code split} into {@code out} from
     * {@code photos}, that split's photographs ({@link EvaluationScenes}).
     */
    public static List<HeldOutItem> generate(List<Path> photos, String split, Path out, long seed, int packed,
            int count) throws IOException {
        String command = "EvaluateCli --split " + split + " (" + photos.size() + " photographs) --seed " + seed
                + " --packed " + packed + " --count " + count;
        return new HeldOutSetGenerator(seed, packed, count, HeldOutSetGenerator.VERSION_3, split)
                .generate(photos, out, command);
    }

    /** {@link #mismatch(Path, long, int, int)} against a set of format {@code version}. */
    public static Optional<String> mismatch(Path dir, long seed, int packed, int count, int version)
            throws IOException {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.exists(manifest)) {
            return Optional.of("no " + manifest);
        }
        JsonNode root = new ObjectMapper().readTree(manifest.toFile());
        if (root.path("version").asInt(-1) != version) {
            return Optional.of("manifest version " + root.path("version") + ", expected " + version);
        }
        if (root.path("seed").asLong(-1) != seed || root.path("packed_size").asInt(-1) != packed
                || root.path("items").size() != count) {
            return Optional.of("the set has seed " + root.path("seed") + ", packed size " + root.path("packed_size") + ", "
                    + root.path("items").size() + " items; wanted " + seed + ", " + packed + ", " + count);
        }
        for (Entry e : entries(dir)) {
            for (String f : new String[] {e.dng(), e.target()}) {
                if (!Files.isRegularFile(dir.resolve(f))) {
                    return Optional.of("missing " + dir.resolve(f));
                }
            }
        }
        return Optional.empty();
    }

    /** The items listed in {@code dir/manifest.json}. */
    public static List<Entry> entries(Path dir) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        List<Entry> out = new ArrayList<>();
        for (JsonNode it : root.path("items")) {
            out.add(new Entry(it.path("dng").asText(), it.path("target").asText(), it.path("layout").asText(),
                    it.path("ratio").asDouble(), it.path("band").asText(), it.path("source").asText()));
        }
        return out;
    }
}
