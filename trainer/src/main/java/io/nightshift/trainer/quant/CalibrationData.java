package io.nightshift.trainer.quant;

import io.nightshift.contract.EnhancerContract;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.onnx.quant.CalibrationInput;
import io.nightshift.trainer.data.EnhancerSample;
import io.nightshift.trainer.data.PhotoPairGenerator;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.data.SourceSplit;
import io.nightshift.trainer.train.SyntheticBatches;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Enhancer inputs for INT8 calibration and parity, drawn from training data exactly as the U-Net was trained on
 * it ({@link SyntheticBatches#enhancerSample}: a training-split photograph unprocessed, darkened by a SID ratio —
 * half from 100–300 — with ELD noise, packed × white balance × ratio), never from the held-out split.
 */
public final class CalibrationData {

    /** Packed side of a calibration input (the training patch is 128; larger patches see more context). */
    public static final int PATCH = 256;

    private final SyntheticBatches data;

    public CalibrationData(SyntheticBatches data) {
        this.data = data;
    }

    /**
     * The first {@code maxPhotos} training-split photographs of {@code folders} (sorted, at least a patch on each
     * side) with the training pipeline at {@link #PATCH}.
     */
    public static CalibrationData fromPhotos(List<Path> folders, int maxPhotos, long seed) throws IOException {
        List<Path> training = SourceSplit.DEFAULT.training(PhotoSources.list(folders));
        List<PlanarImage> photos = new ArrayList<>();
        for (Path f : training) {
            if (photos.size() == maxPhotos) {
                break;
            }
            PlanarImage photo = PhotoSources.read(f);
            if (photo.height() >= 2 * PATCH && photo.width() >= 2 * PATCH) {
                photos.add(photo);
            }
        }
        if (photos.isEmpty()) {
            throw new IOException("no training-split photograph of at least " + 2 * PATCH + " pixels in " + folders);
        }
        return new CalibrationData(new SyntheticBatches(photos, List.of(), 0, PhotoPairGenerator.sid(PATCH), null, 1,
                seed));
    }

    /** {@code count} inputs {@code [1, 4, PATCH, PATCH]} of stream {@code purpose} (calibration and parity differ). */
    public List<CalibrationInput> inputs(int count, long purpose) {
        return inputs(count, purpose, EnhancerContract.V1);
    }

    /**
     * {@code count} inputs of stream {@code purpose} for an enhancer of {@code contract}: {@code [1, 4, PATCH, PATCH]},
     * or 6 channels with v2's noise planes, estimated from each dark patch as in training.
     */
    public List<CalibrationInput> inputs(int count, long purpose, EnhancerContract contract) {
        List<CalibrationInput> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom random = data.random(i, purpose);
            EnhancerSample sample = data.enhancerSample(random);
            PlanarImage x = contract.noisePlanes() == 0 ? sample.input()
                    : EnhancerInput.withPlanes(sample.input(), sample.noise());
            inputs.add(new CalibrationInput(x.data().clone(), new long[] {1, x.channels(), x.height(), x.width()}));
        }
        return inputs;
    }

    /** How many photographs the inputs are drawn from. */
    public int photos() {
        return data.photos().size();
    }
}
