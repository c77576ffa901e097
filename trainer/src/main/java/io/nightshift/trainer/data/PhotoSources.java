package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The source photographs under a folder, one per picture. A wallpaper package such as Debian's
 * {@code /usr/share/wallpapers/Altai/contents/images/{1080x1920,5120x2880}.png} holds one picture at several
 * sizes (and sometimes a dark variant and a screenshot): counting each file as a source would put sizes of one
 * picture on both sides of the {@link SourceSplit}. So every first-level subfolder is one source, represented by
 * its largest image ({@code screenshot.*} skipped); a file directly under the root is a source of its own.
 * Photographs are read downscaled by an integer box filter so their long side is at most {@link #MAX_SIDE}
 * (fewer JPEG artefacts, less memory; the held-out set reads them the same way).
 */
public final class PhotoSources {

    /** Long side of a photograph as training and the held-out set read it. */
    public static final int MAX_SIDE = 1920;
    /**
     * The photographs training and the held-out set draw from (each its side of the {@link SourceSplit}): KDE's
     * and MATE's photographic wallpapers, Debian packages {@code plasma-workspace-wallpapers} and
     * {@code mate-backgrounds}.
     */
    public static final List<Path> DEFAULT_FOLDERS = List.of(Path.of("/usr/share/wallpapers"),
            Path.of("/usr/share/backgrounds/mate/nature"));

    /**
     * Images training may add to {@link #DEFAULT_FOLDERS} ({@code TrainCli --extra-photos}), never read by the held-out
     * set's generator: the pictures directly under {@code /usr/share/backgrounds} (Debian's
     * {@code lomiri-wallpapers}, with its parts {@code -16.04} and {@code -20.04}, and {@code ukui-wallpapers}:
     * photographs and renders, as KDE's wallpapers are) and five photographs of scikit-image's test data
     * ({@code python3-skimage}). Each is listed flat
     * ({@link #listFlat}): a subfolder such as {@code backgrounds/mate} is not descended into.
     */
    public static final List<Path> EXTRA_TRAINING = List.of(Path.of("/usr/share/backgrounds"),
            Path.of("/usr/lib/python3/dist-packages/skimage/data/astronaut.png"),
            Path.of("/usr/lib/python3/dist-packages/skimage/data/chelsea.png"),
            Path.of("/usr/lib/python3/dist-packages/skimage/data/coffee.png"),
            Path.of("/usr/lib/python3/dist-packages/skimage/data/motorcycle_left.png"),
            Path.of("/usr/lib/python3/dist-packages/skimage/data/rocket.jpg"));

    private PhotoSources() {
    }

    /**
     * Each readable picture directly in {@code folder} as a source of its own (subfolders are not read), or
     * {@code folder} itself when it is a file; sorted by path. A missing entry is an error.
     */
    public static List<Path> listFlat(Path folder) throws IOException {
        if (Files.isRegularFile(folder)) {
            if (!isPhoto(folder) || pixelCount(folder) == 0) {
                throw new IOException(folder + " is not a readable PNG or JPEG picture");
            }
            return List.of(folder);
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException("no such picture or folder: " + folder);
        }
        try (Stream<Path> list = Files.list(folder)) {
            return distinct(list.filter(Files::isRegularFile).filter(PhotoSources::isPhoto)
                    .filter(f -> pixelCount(f) > 0).sorted().toList());
        }
    }

    /** {@link #listFlat(Path)} of each entry, in order, each picture once. */
    public static List<Path> listFlat(List<Path> entries) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path e : entries) {
            all.addAll(listFlat(e));
        }
        return distinct(all);
    }

    /**
     * {@code files} with each picture once, the first path kept: a link and its target are one picture (lomiri's
     * default background links to warty-final-ubuntu.png), as is a file named by two entries.
     */
    private static List<Path> distinct(List<Path> files) throws IOException {
        Map<Path, Path> byTarget = new LinkedHashMap<>();
        for (Path f : files) {
            byTarget.putIfAbsent(f.toRealPath(), f);
        }
        return List.copyOf(byTarget.values());
    }

    /**
     * {@link #listFlat(List)} of {@code entries}, refusing any entry inside one of {@code folders}: there a
     * picture's other sizes would escape {@link #list(Path)}'s one-source-per-picture grouping, and a held-out
     * picture's other sizes (other bytes, so another {@link SourceSplit} side) could reach training.
     */
    public static List<Path> listFlatOutside(List<Path> entries, List<Path> folders) throws IOException {
        for (Path e : entries) {
            Path real = e.toRealPath();
            for (Path f : folders) {
                if (Files.exists(f) && real.startsWith(f.toRealPath())) {
                    throw new IllegalArgumentException("extra picture entry " + e + " is inside the source folder " + f
                            + ": list that folder's pictures through --photos instead");
                }
            }
        }
        return listFlat(entries);
    }

    /** One image per source under {@code root}, sorted by path. */
    public static List<Path> list(Path root) throws IOException {
        Map<Path, Path> best = new LinkedHashMap<>();
        Map<Path, Long> pixels = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(PhotoSources::isPhoto).sorted().toList();
        }
        for (Path f : files) {
            Path rel = root.relativize(f);
            Path group = rel.getNameCount() > 1 ? rel.getName(0) : rel;
            long n = pixelCount(f);
            if (n > 0 && n > pixels.getOrDefault(group, 0L)) {
                best.put(group, f);
                pixels.put(group, n);
            }
        }
        return best.values().stream().sorted().toList();
    }

    /** {@link #list(Path)} of each folder, in order. */
    public static List<Path> list(List<Path> roots) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path root : roots) {
            all.addAll(list(root));
        }
        return all;
    }

    /** Folders as a command line takes them: comma-separated. */
    public static String joined(List<Path> folders) {
        return String.join(",", folders.stream().map(Path::toString).toList());
    }

    /** The folders of a comma-separated command-line value. */
    public static List<Path> folders(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).filter(f -> !f.isBlank()).map(Path::of).toList();
    }

    static boolean isPhoto(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.matches(".*\\.(png|jpe?g)") && !name.startsWith("screenshot");
    }

    /** Width × height from the file's header (0 when unreadable). */
    static long pixelCount(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return 0;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return 0;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            return 0;
        }
    }

    /** The photograph, box-downscaled by the smallest integer factor that brings its long side to ≤ {@link #MAX_SIDE}. */
    public static PlanarImage read(Path file) throws IOException {
        return downscale(PhotoReader.read(file), MAX_SIDE);
    }

    /** {@code image} box-downscaled by the smallest integer factor that brings its long side to ≤ {@code maxSide}. */
    public static PlanarImage downscale(PlanarImage image, int maxSide) {
        int f = (Math.max(image.height(), image.width()) + maxSide - 1) / maxSide;
        if (f <= 1) {
            return image;
        }
        int h = image.height() / f;
        int w = image.width() / f;
        PlanarImage out = PlanarImage.zeros(image.channels(), h, w);
        float norm = 1f / (f * f);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < f; dy++) {
                        int base = image.index(c, y * f + dy, x * f);
                        for (int dx = 0; dx < f; dx++) {
                            sum += image.data()[base + dx];
                        }
                    }
                    out.set(c, y, x, sum * norm);
                }
            }
        }
        return out;
    }

    /** Reads all of {@code files} ({@link #read}). */
    public static List<PlanarImage> readAll(List<Path> files) throws IOException {
        List<PlanarImage> out = new ArrayList<>();
        for (Path f : files) {
            out.add(read(f));
        }
        return out;
    }
}
