package io.nightshift.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Depth-to-space in CRD order, as ONNX {@code DepthToSpace} mode CRD and PyTorch {@code pixel_shuffle}:
 * input channel {@code c·r² + i·r + j} at {@code (y, x)} goes to output channel {@code c} at
 * {@code (r·y + i, r·x + j)}. Written with reshape and transpose, so autograd differentiates it.
 */
public final class DepthToSpace {

    private DepthToSpace() {
    }

    /** {@code [N, C·r², H, W]} → {@code [N, C, r·H, r·W]}. */
    public static NDArray crd(NDArray x, int r) {
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        if (c % ((long) r * r) != 0) {
            throw new IllegalArgumentException("depth-to-space ×" + r + " needs channels divisible by " + r * r + ", got " + c);
        }
        long out = c / ((long) r * r);
        return x.reshape(n, out, r, r, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, out, h * r, w * r);
    }
}
