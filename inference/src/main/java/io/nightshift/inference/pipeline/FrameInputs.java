package io.nightshift.inference.pipeline;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.FrameWindow;
import io.nightshift.contract.post.Orientation;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.RawMetadata;
import io.nightshift.raw.pack.PackedRaw;

/** The bridge from the RAW front end's types to the model contract's, for one decoded frame. */
public final class FrameInputs {

    private FrameInputs() {
    }

    /** The packed frame as a contract image (shares the array). */
    public static PlanarImage planar(PackedRaw packed) {
        return new PlanarImage(packed.data(), PackedRaw.CHANNELS, packed.height(), packed.width());
    }

    /** The as-shot white balance (R, G1, B; contract v1 uses the G gain on both greens). */
    public static WhiteBalance whiteBalance(DecodedRaw raw) {
        return whiteBalance(raw.metadata());
    }

    /** The as-shot white balance of a frame's metadata (R, G1, B; the G gain goes on both greens). */
    public static WhiteBalance whiteBalance(RawMetadata raw) {
        return new WhiteBalance(raw.whiteBalance().r(), raw.whiteBalance().g1(), raw.whiteBalance().b());
    }

    /**
     * The contract's post-processing for this frame: its camera-to-sRGB matrix, its orientation, and
     * the visible frame placed on the network output (which starts at the packing crop's origin).
     */
    public static PostProcessor postProcessor(DecodedRaw raw, PackedRaw packed) {
        return new PostProcessor(ColorMatrix.of(raw.cameraToSrgb().rowMajor()), Orientation.fromFlip(raw.orientation()),
                new FrameWindow(-packed.crop().x(), -packed.crop().y(), raw.width(), raw.height()));
    }
}
