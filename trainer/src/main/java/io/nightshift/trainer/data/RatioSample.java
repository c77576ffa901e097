package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;

/**
 * One training example of the ratio CNN.
 *
 * @param thumb     the contract's {@code [3, 64, 64]} thumb of the dark frame
 * @param log2Ratio the label: log2 of the ratio that darkened it
 */
public record RatioSample(PlanarImage thumb, double log2Ratio) {
}
