package io.nightshift.contract.image;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;

/**
 * The ratio estimator's input of contract v1: the white-balanced packed image without ratio
 * (exactly {@link EnhancerInput} with ratio 1, so each packed value is clamped to [0, 1] before
 * averaging), reduced to three channels R, mean(G1, G2), B, and the whole frame area-averaged to
 * 64×64 (aspect not kept). The averaging is exact for any size (see {@link AreaWeights}): a 64×64
 * block of a 4096-wide frame is the plain mean of its pixels; smaller frames are enlarged by the
 * same box integral.
 */
public final class Thumbnail {

    private Thumbnail() {
    }

    /** A 3×64×64 image: the thumb of one frame. */
    public static PlanarImage of(PlanarImage packed, WhiteBalance asShot) {
        return of(packed, asShot, ContractV1.THUMB_SIZE);
    }

    /** The same reduction to {@code size}×{@code size} (contract v1 uses 64). */
    public static PlanarImage of(PlanarImage packed, WhiteBalance asShot, int size) {
        EnhancerInput.checkPacked(packed);
        int h = packed.height();
        int w = packed.width();
        float[] gains = asShot.normalised().packedGains();
        AreaWeights across = AreaWeights.of(w, size);
        AreaWeights down = AreaWeights.of(h, size);

        // pass 1: each source row averaged across to `size` columns, per output channel
        double[] rows = new double[ContractV1.THUMB_CHANNELS * h * size];
        double[] line = new double[w];
        float[] src = packed.data();
        int plane = packed.planeSize();
        for (int c = 0; c < ContractV1.THUMB_CHANNELS; c++) {
            for (int y = 0; y < h; y++) {
                fillLine(src, plane, y * w, w, c, gains, line);
                int rowBase = (c * h + y) * size;
                for (int j = 0; j < size; j++) {
                    double sum = 0;
                    int k0 = across.first(j);
                    for (int k = 0, n = across.count(j); k < n; k++) {
                        sum += across.weight(j, k) * line[k0 + k];
                    }
                    rows[rowBase + j] = sum;
                }
            }
        }

        // pass 2: down the rows to `size` rows
        PlanarImage thumb = PlanarImage.zeros(ContractV1.THUMB_CHANNELS, size, size);
        float[] dst = thumb.data();
        for (int c = 0; c < ContractV1.THUMB_CHANNELS; c++) {
            for (int i = 0; i < size; i++) {
                int k0 = down.first(i);
                int n = down.count(i);
                for (int j = 0; j < size; j++) {
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        sum += down.weight(i, k) * rows[(c * h + k0 + k) * size + j];
                    }
                    dst[(c * size + i) * size + j] = (float) sum;
                }
            }
        }
        return thumb;
    }

    /** One row of thumb channel c (0 R, 1 mean of the greens, 2 B) of the white-balanced packed image. */
    private static void fillLine(float[] src, int plane, int rowStart, int w, int c, float[] gains, double[] line) {
        switch (c) {
            case 0 -> fillChannel(src, ContractV1.CHANNEL_R * plane + rowStart, w, gains[ContractV1.CHANNEL_R], line);
            case 2 -> fillChannel(src, ContractV1.CHANNEL_B * plane + rowStart, w, gains[ContractV1.CHANNEL_B], line);
            default -> {
                int g1 = ContractV1.CHANNEL_G1 * plane + rowStart;
                int g2 = ContractV1.CHANNEL_G2 * plane + rowStart;
                float gain1 = gains[ContractV1.CHANNEL_G1];
                float gain2 = gains[ContractV1.CHANNEL_G2];
                for (int x = 0; x < w; x++) {
                    line[x] = 0.5 * ((double) EnhancerInput.clamp01(src[g1 + x] * gain1)
                            + EnhancerInput.clamp01(src[g2 + x] * gain2));
                }
            }
        }
    }

    private static void fillChannel(float[] src, int start, int w, float gain, double[] line) {
        for (int x = 0; x < w; x++) {
            line[x] = EnhancerInput.clamp01(src[start + x] * gain);
        }
    }
}
