package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation v3's split of the installed picture packages (./nightshift setup installs them; missing ones fail
 * here): sizes as the card states, reproducible, and no photograph (by content) on two of training, validation and
 * held-out v3.
 */
class EvaluationScenesTest {

    @TempDir
    Path cache;

    @Test
    void theThreeSplitsAreDisjointByContentAndReproducible() throws Exception {
        EvaluationScenes scenes = EvaluationScenes.installed(cache);
        List<Path> heldOut = scenes.photos(EvaluationScenes.Split.HELDOUT);
        List<Path> validation = scenes.photos(EvaluationScenes.Split.VALIDATION);
        List<Path> trainingSide = scenes.photos(EvaluationScenes.Split.TRAINING);
        assertEquals(32, heldOut.size(), "held-out v3: 11 lxqt + 4 palapeli + 1 digikam + 3 clickgame + 13 erase");
        assertEquals(13 + 6, validation.size(), "validation: 3 clickgame + 10 erase + held-out v2's 6 sources");
        assertEquals(10 + 81, trainingSide.size(), "the rest of erase and the explore activities' photographs");

        // what today's training reads: the wallpapers' training side and the extra training pictures
        List<Path> training = new ArrayList<>(SourceSplit.DEFAULT.training(PhotoSources.list(PhotoSources.DEFAULT_FOLDERS)));
        training.addAll(PhotoSources.listFlat(PhotoSources.EXTRA_TRAINING));
        training.addAll(trainingSide);
        Set<String> h = hashes(heldOut);
        Set<String> v = hashes(validation);
        Set<String> t = hashes(training);
        assertEquals(heldOut.size(), h.size(), "held-out v3 photographs are distinct");
        assertEquals(validation.size(), v.size(), "validation photographs are distinct");
        assertTrue(disjoint(h, v), "held-out v3 ∩ validation");
        assertTrue(disjoint(h, t), "held-out v3 ∩ training");
        assertTrue(disjoint(v, t), "validation ∩ training");

        // the same photographs in the same order from a second extraction elsewhere
        List<Path> again = EvaluationScenes.installed(cache.resolve("again")).photos(EvaluationScenes.Split.HELDOUT);
        assertEquals(names(heldOut), names(again));
        assertEquals(h, hashes(again));
    }

    @Test
    void rccEntriesAreTheWebpPicturesGcomprisShips() throws Exception {
        List<Path> sea = EvaluationScenes.extract(EvaluationScenes.GCOMPRIS.resolve("clickgame.rcc"),
                EvaluationScenes.CLICKGAME_PHOTOS, cache.resolve("sea"));
        assertEquals(6, sea.size());
        for (Path p : sea) {
            var image = PhotoReader.read(p);
            assertEquals(1080, image.height(), p.toString());
            assertTrue(image.width() >= 1440, p.toString());
        }
    }

    private static Set<String> hashes(List<Path> photos) throws Exception {
        Set<String> out = new HashSet<>();
        for (Path p : photos) {
            out.add(SourceSplit.sha256(p));
        }
        return out;
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both.isEmpty();
    }

    private static List<String> names(List<Path> photos) {
        return photos.stream().map(p -> p.getFileName().toString()).toList();
    }
}
