package io.nightshift.trainer.train;

import ai.djl.ndarray.types.Shape;

/** One training batch as plain arrays (made on a loader thread, turned into tensors on the training thread). */
public record Batch(float[] input, Shape inputShape, float[] target, Shape targetShape) {

    public Batch {
        if (input.length != inputShape.size() || target.length != targetShape.size()) {
            throw new IllegalArgumentException("batch arrays do not match their shapes " + inputShape + ", " + targetShape);
        }
    }
}
