package io.nightshift.trainer.eval;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.Thumbnail;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.engine.RatioSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference a ratio estimate from a thumb is judged against: one or more ratio CNNs trained on thumbs without
 * noise ({@code TrainCli --only ratio --ratio-oracle on}), run on a frame's <i>clean</i> thumb — the noise-free scene
 * darkened by the true ratio — and averaged as an ensemble ({@link RatioEnsembleMean}). What it gets wrong is what a
 * thumb does not say: how bright the scene was meant to be. Its errors are the floor of an estimator's over many frames,
 * not a bound on each frame (an estimator can be luckier on one). Owns its sessions.
 */
public final class OracleRatio implements AutoCloseable {

    private final List<RatioSession> members;

    private OracleRatio(List<RatioSession> members) {
        this.members = members;
    }

    /** Loads the oracle's members (one ONNX ratio CNN each) into {@code engine}. */
    public static OracleRatio load(InferenceEngine engine, List<Path> onnx) throws IOException {
        if (onnx.isEmpty()) {
            throw new IllegalArgumentException("an oracle needs at least one ratio CNN");
        }
        List<RatioSession> members = new ArrayList<>();
        try {
            for (Path p : onnx) {
                members.add(engine.loadRatioEstimator(p));
            }
        } catch (IOException | RuntimeException e) {
            members.forEach(RatioSession::close);
            throw e;
        }
        return new OracleRatio(members);
    }

    /**
     * The oracle's ratio (clamped to the worker's range) for a frame whose clean linear target is {@code target}, shot
     * at {@code trueRatio}.
     */
    public double ratio(PlanarImage target, double trueRatio) {
        return Math.pow(2, RatioEnsembleMean.log2(members, cleanThumb(target, trueRatio)));
    }

    /**
     * The thumb of the frame without noise: {@code target} (white-balanced linear camera RGB over the packing crop, at
     * the clean exposure) divided by the ratio, each 2×2 block as one packed pixel (R, G, G, B), reduced as the
     * contract reduces a packed frame (white balance already applied).
     */
    public static PlanarImage cleanThumb(PlanarImage target, double ratio) {
        int h = target.height() / 2;
        int w = target.width() / 2;
        PlanarImage packed = PlanarImage.zeros(ContractV1.PACKED_CHANNELS, h, w);
        int[] channelOf = {ContractV1.CHANNEL_R, ContractV1.CHANNEL_G1, ContractV1.CHANNEL_B};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = (target.get(c, 2 * y, 2 * x) + target.get(c, 2 * y, 2 * x + 1)
                            + target.get(c, 2 * y + 1, 2 * x) + target.get(c, 2 * y + 1, 2 * x + 1)) / (4 * ratio);
                    packed.data()[packed.index(channelOf[c], y, x)] = (float) v;
                    if (c == 1) {
                        packed.data()[packed.index(ContractV1.CHANNEL_G2, y, x)] = (float) v;
                    }
                }
            }
        }
        return Thumbnail.of(packed, WhiteBalance.NEUTRAL);
    }

    @Override
    public void close() {
        members.forEach(RatioSession::close);
    }
}
