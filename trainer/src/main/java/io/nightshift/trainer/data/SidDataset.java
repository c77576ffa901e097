package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackedFrame;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.render.ReferenceRenderer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The real SID dataset (or any set in its layout), streamed: each example decodes the short exposure
 * through the RAW front end ({@code RawDecoder.decodePacked}: SID packing, white balance) and renders
 * the long exposure with LibRaw as linear white-balanced camera RGB over the same packing crop
 * ({@code ReferenceRenderer}, {@code RenderOptions.linear()}). Decoded frames are kept in a
 * {@link BoundedCache} with a byte budget, so memory stays bounded however large the list (SID's own
 * loader keeps every frame, 64 GB); long exposures, shared by several short ones, are the most reused.
 * One instance per loader thread.
 */
public final class SidDataset implements AutoCloseable {

    private final List<SidPair> pairs;
    private final RawDecoder decoder = new RawDecoder();
    private final ReferenceRenderer renderer = new ReferenceRenderer();
    private final BoundedCache<Path, PackedFrame> shortFrames;
    private final BoundedCache<Path, PlanarImage> targets;

    /**
     * @param cacheBytes budget of each of the two caches (short frames, rendered targets)
     */
    public SidDataset(List<SidPair> pairs, long cacheBytes) {
        this.pairs = List.copyOf(pairs);
        this.shortFrames = new BoundedCache<>(cacheBytes, f -> 4L * f.packed().data().length);
        this.targets = new BoundedCache<>(cacheBytes, t -> 4L * t.data().length);
    }

    /** From a SID list file (paths relative to its folder). */
    public static SidDataset fromList(Path listFile, long cacheBytes) throws IOException {
        return new SidDataset(SidListFile.read(listFile), cacheBytes);
    }

    public int size() {
        return pairs.size();
    }

    public SidPair pair(int index) {
        return pairs.get(index);
    }

    /** Example {@code index}; throws the RAW front end's {@code RawException} for an undecodable file. */
    public SidExample example(int index) {
        SidPair pair = pairs.get(index);
        PackedFrame frame = shortFrames.get(pair.shortExposure(), p -> decoder.decodePacked(FrontEnd.read(p)));
        PlanarImage target = targets.get(pair.longExposure(), this::render);
        PackedRaw packed = frame.packed();
        if (target.height() != 2 * packed.height() || target.width() != 2 * packed.width()) {
            throw new IllegalStateException(pair.longExposure() + " renders " + target.height() + "×" + target.width()
                    + ", but " + pair.shortExposure() + " packs to " + packed.height() + "×" + packed.width()
                    + ": not the same camera and crop");
        }
        PlanarImage input = EnhancerInput.of(FrontEnd.packed(packed),
                FrontEnd.whiteBalance(frame.metadata().whiteBalance()), (float) pair.ratio());
        return new SidExample(input, target, pair);
    }

    /** Cache statistics: hits and misses of the two caches together. */
    public long cacheHits() {
        return shortFrames.hits() + targets.hits();
    }

    public long cacheMisses() {
        return shortFrames.misses() + targets.misses();
    }

    private PlanarImage render(Path longExposure) {
        return FrontEnd.linearTarget(renderer, FrontEnd.read(longExposure));
    }

    @Override
    public void close() {
        decoder.close();
        renderer.close();
    }
}
