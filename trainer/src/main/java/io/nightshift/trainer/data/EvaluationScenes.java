package io.nightshift.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scenes of evaluation v3 (issue 22; survey and reasons in {@code trainer/docs/photo-sources.md}): photographs
 * of Debian packages no model set has trained on, split into <b>held-out v3</b> (evaluated once per candidate
 * default set), <b>validation</b> (where recipes and the denoised baseline's strength are chosen) and the
 * <b>training side</b> (for a later retraining; today's training does not read these packages at all: its folders,
 * {@link PhotoSources#DEFAULT_FOLDERS} and {@link PhotoSources#EXTRA_TRAINING}, hold none of them).
 *
 * <p>Inside each {@link PhotoGroup} the photographs are ordered by SHA-256 of their bytes, as {@link SourceSplit}
 * does: the first {@code heldOut} go to held-out v3, the next {@code validation} to validation, the rest to the
 * training side — reproducible on every machine, whatever the file names. Validation also takes held-out v2's
 * sources (the wallpapers' {@link SourceSplit#DEFAULT} held-out side): recipes were chosen on them, so they cannot
 * be held out any more.
 *
 * <p>gcompris's pictures are lossy WebP inside Qt resource files ({@link RccArchive}); they are extracted once into
 * {@code cache} (bytes as stored, so their hashes are the package's) and read by the JDK's ImageIO with
 * TwelveMonkeys' WebP plugin.
 */
public final class EvaluationScenes {

    /** Which side of the split. */
    public enum Split {
        HELDOUT, VALIDATION, TRAINING
    }

    /**
     * Photographs of one kind from one package, and how many of them (in SHA-256 order) each evaluation split takes.
     */
    public record PhotoGroup(String name, List<Path> photos, int heldOut, int validation) {
        public PhotoGroup {
            if (heldOut + validation > photos.size()) {
                throw new IllegalArgumentException(name + " has " + photos.size() + " photographs, fewer than "
                        + heldOut + " + " + validation);
            }
        }
    }

    static final Path LXQT = Path.of("/usr/share/lxqt/wallpapers");
    /** lxqt-themes' photographs (the other wallpapers there are renders). */
    static final List<String> LXQT_PHOTOS = List.of("Butterfly-Kenneth-Wimer.jpg", "Valendas.png",
            "after-the-rain.jpg", "appleflower.png", "beam.png", "butterfly.png", "cloud.png", "drop.png", "flowers.png",
            "fog.jpg", "this-is-not-windows.jpg");
    static final Path PALAPELI = Path.of("/usr/share/palapeli/collection");
    /** palapeli-data's photographs of at least 1 MP (castle-maintenon, 0.7 MP, is left out). */
    static final List<String> PALAPELI_PHOTOS = List.of("cincinnati-bridge.jpg", "citrus-fruits.jpg",
            "european-honey-bee.jpg", "panther-chameleon-female.jpg");
    /** digikam-data's one photograph, 4032×3024. */
    static final Path DIGIKAM = Path.of("/usr/share/digikam/about/images/body-background.jpg");
    static final Path GCOMPRIS = Path.of("/usr/share/gcompris-qt/rcc");
    /** gcompris-qt-data's {@code erase} activity: 33 wildlife photographs, 1920×1080. */
    static final List<String> ERASE_PHOTOS = List.of("alpaca", "bee", "butterfly", "calf", "camels", "caterpillar",
            "chamaeleon", "cheetah", "crab", "dolphin", "flying_fox", "gibbon", "giraffe", "goat", "gorilla", "gosling",
            "heron", "horse", "kingfisher", "kitten", "long_nosed_monkey", "macaque", "meerkats", "northern_harrier",
            "nubian_ibex", "penguin", "pika", "red_panda", "rhinoceros", "spoonbills", "squirrel", "swans", "toucan");
    /** gcompris-qt-data's {@code clickgame} activity: 6 underwater photographs, 1440–1620×1080. */
    static final List<String> CLICKGAME_PHOTOS = List.of("sea1", "sea2", "sea3", "sea4", "sea5", "sea6");

    /**
     * gcompris-qt-data's {@code explore_*} activities: 81 photographs of 0.4–1 MP (monuments, animals, musicians), none
     * of them in an evaluation split. Training-side only: at under 1 MP they cannot make the whole-frame items, and
     * the splits were fixed before they were added (2026-12-05, issue 22's more training scenes).
     */
    static final Map<String, List<String>> EXPLORE_PHOTOS = new java.util.LinkedHashMap<>();

    static {
        EXPLORE_PHOTOS.put("explore_monuments", List.of("ajantaCave", "arlesAmphitheater", "aulaPalatina",
                "bentPyramid", "berlinCathedral", "brandenburgGate", "cabrillo", "canyondeChelly", "castillodeSanMarcos",
                "charminar", "chateaudeChambord", "chateaudeChenonceau", "chichenItza", "christTheRedeemer",
                "citedeCarcassonne", "colosseum", "eiffelTower", "fortSumter", "gatewayofIndia",
                "georgeWashingtonBirthplace", "goldenTemple", "greatPyramidOfGiza", "greatStupa", "greatWallofChina",
                "hawaMahal", "konarkSunTemple", "lincolnMemorial", "machuPicchu", "meidumPyramid", "montStMichel",
                "mountRushmore", "mysorePalace", "navajo", "neuschwansteinCastle", "palaisdesPapes", "petra",
                "pontduGard", "qutubMinar", "rangGhar", "redPyramid", "reimsCathedral", "rocamadour", "schwerinPalace",
                "statueofLiberty", "tajMahal", "trierImperialBaths", "victoriaMemorial", "wormsCathedral"));
        EXPLORE_PHOTOS.put("explore_world_animals", List.of("bison", "chameleon", "crocodile", "dragon", "giraffe",
                "hedgehog", "jaguar", "kangaroo", "koala", "lemur", "moose", "narwhal", "panda", "polar_bear",
                "scarlet_macaw"));
        EXPLORE_PHOTOS.put("explore_farm_animals", List.of("cat", "chicken", "cow", "dog", "duck", "horse", "owl", "pig",
                "sheep"));
        EXPLORE_PHOTOS.put("explore_world_music", List.of("africa", "america", "australia", "ireland", "italy", "japan",
                "mexico", "middleeast", "orchestra"));
    }

    private final List<PhotoGroup> groups;
    private final List<Path> heldOutV2;

    private EvaluationScenes(List<PhotoGroup> groups, List<Path> heldOutV2) {
        this.groups = groups;
        this.heldOutV2 = heldOutV2;
    }

    /**
     * The installed packages' photographs (a missing one is an error: {@code ./nightshift setup} installs them),
     * gcompris's extracted into {@code cache}.
     */
    public static EvaluationScenes installed(Path cache) throws IOException {
        List<PhotoGroup> groups = List.of(
                new PhotoGroup("lxqt-themes", files(LXQT, LXQT_PHOTOS), 11, 0),
                new PhotoGroup("palapeli-data", files(PALAPELI, PALAPELI_PHOTOS), 4, 0),
                new PhotoGroup("digikam-data", List.of(existing(DIGIKAM)), 1, 0),
                new PhotoGroup("gcompris clickgame", extract(GCOMPRIS.resolve("clickgame.rcc"), CLICKGAME_PHOTOS,
                        cache.resolve("gcompris/clickgame")), 3, 3),
                new PhotoGroup("gcompris erase", extract(GCOMPRIS.resolve("erase.rcc"), ERASE_PHOTOS,
                        cache.resolve("gcompris/erase")), 13, 10));
        List<PhotoGroup> all = new ArrayList<>(groups);
        for (Map.Entry<String, List<String>> e : EXPLORE_PHOTOS.entrySet()) {
            all.add(new PhotoGroup("gcompris " + e.getKey(), extract(GCOMPRIS.resolve(e.getKey() + ".rcc"),
                    e.getValue(), cache.resolve("gcompris/" + e.getKey())), 0, 0));
        }
        groups = all;
        return new EvaluationScenes(groups, SourceSplit.DEFAULT.heldOut(PhotoSources.list(PhotoSources.DEFAULT_FOLDERS)));
    }

    /** The groups, as split here. */
    public List<PhotoGroup> groups() {
        return groups;
    }

    /** The photographs of one side, group by group, each group in SHA-256 order (validation then held-out v2's). */
    public List<Path> photos(Split split) throws IOException {
        List<Path> out = new ArrayList<>();
        for (PhotoGroup g : groups) {
            List<Path> ordered = bySha256(g.photos());
            int from = switch (split) {
                case HELDOUT -> 0;
                case VALIDATION -> g.heldOut();
                case TRAINING -> g.heldOut() + g.validation();
            };
            int to = switch (split) {
                case HELDOUT -> g.heldOut();
                case VALIDATION -> g.heldOut() + g.validation();
                case TRAINING -> ordered.size();
            };
            out.addAll(ordered.subList(from, to));
        }
        if (split == Split.VALIDATION) {
            out.addAll(heldOutV2);
        }
        return out;
    }

    static List<Path> bySha256(List<Path> photos) throws IOException {
        Map<String, Path> byHash = new TreeMap<>();
        for (Path p : photos) {
            Path before = byHash.put(SourceSplit.sha256(p), p);
            if (before != null) {
                throw new IllegalArgumentException(p + " and " + before + " are the same picture");
            }
        }
        return List.copyOf(byHash.values());
    }

    private static List<Path> files(Path folder, List<String> names) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            out.add(existing(folder.resolve(n)));
        }
        return out;
    }

    private static Path existing(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IOException("missing " + p + ": run ./nightshift setup (it installs the picture packages)");
        }
        return p;
    }

    /**
     * The named WebP photographs of an activity's {@code .rcc} ({@code …/resource/NAME.webp}), written into
     * {@code folder} as {@code NAME.webp} when missing or different; their paths, in {@code names}' order.
     */
    static List<Path> extract(Path rcc, List<String> names, Path folder) throws IOException {
        Map<String, byte[]> byName = new TreeMap<>();
        for (RccArchive.Entry e : RccArchive.read(existing(rcc))) {
            String file = e.path().substring(e.path().lastIndexOf('/') + 1);
            if (e.path().contains("/resource/") && file.endsWith(".webp")) {
                byName.put(file.substring(0, file.length() - ".webp".length()), e.bytes());
            }
        }
        Files.createDirectories(folder);
        List<Path> out = new ArrayList<>();
        for (String n : names) {
            byte[] bytes = byName.get(n);
            if (bytes == null) {
                throw new IOException(rcc + " has no resource/" + n + ".webp");
            }
            Path f = folder.resolve(n + ".webp");
            if (!Files.isRegularFile(f) || !Arrays.equals(Files.readAllBytes(f), bytes)) {
                Files.write(f, bytes);
            }
            out.add(f);
        }
        return out;
    }

    /** The largest photographs first (by pixels, then path): the whole-frame items' sources. */
    static Comparator<Path> largestFirst() {
        return Comparator.comparingLong((Path p) -> -PhotoSources.pixelCount(p)).thenComparing(Path::toString);
    }
}
