package io.nightshift.trainer.train;

import ai.djl.ndarray.types.Shape;

/**
 * One training batch as plain arrays (made on a loader thread, turned into tensors on the training thread).
 *
 * @param colour each example's camera → sRGB matrix, row-major, 9 floats per example ({@code [B, 3, 3]}), for a
 *               loss judged after post-processing ({@link DisplayL1Loss}); empty for batches without colour
 */
public record Batch(float[] input, Shape inputShape, float[] target, Shape targetShape, float[] colour) {

    public Batch {
        if (input.length != inputShape.size() || target.length != targetShape.size()) {
            throw new IllegalArgumentException("batch arrays do not match their shapes " + inputShape + ", " + targetShape);
        }
        if (colour.length != 0 && colour.length != 9 * inputShape.get(0)) {
            throw new IllegalArgumentException("a batch of " + inputShape.get(0) + " needs 9 colour values each, got "
                    + colour.length);
        }
    }

    /** A batch without colour matrices. */
    public Batch(float[] input, Shape inputShape, float[] target, Shape targetShape) {
        this(input, inputShape, target, targetShape, new float[0]);
    }

    /** The colour matrices' shape {@code [B, 3, 3]}. */
    public Shape colourShape() {
        return new Shape(inputShape.get(0), 3, 3);
    }
}
