package io.nightshift.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3×3 convolution, stride 1, padding 1, with weight {@code [out, in, 3, 3]} (and bias {@code [out]}
 * if wanted), computed as nine shifted copies of the input stacked on channels ({@code in·9}, index
 * {@code ci·9 + 3·dy + dx}) and one 1×1 convolution with the weight viewed as {@code [out, in·9, 1, 1]}.
 *
 * <p>Why not DJL's {@code Conv2d} with a 3×3 kernel: in the PyTorch 2.7.1 CPU natives DJL 0.36 ships,
 * the 3×3 convolution's backward pass (PyTorch's im2col path) intermittently returns NaN gradients on
 * this machine (measured: a few to 35 % of passes at 4–16 channels, 8–32 pixels, whatever the thread count
 * or ISA limits), which made every U-Net training run diverge within a few steps. The 1×1 path has no
 * im2col and never did. The forward result is the same function (parity with ONNX Runtime's 3×3 Conv
 * is tested on every export).
 *
 * <p>The shifted copies cost 5–10× the native convolution (a forward + backward pass at 4×16×128×128: 590 ms
 * against 68 ms), which would leave an hour's training a few hundred steps. Measured again with the input
 * gradient required (as every layer but the first needs it): the wrong gradients are the input gradient's,
 * and they come only with few output channels — 16→4: 123 of 300 passes wrong (finite or NaN), 8→8: 48 of 100,
 * 12→12: 17 of 100, 4→4: 61 of 200 — while every shape with 16 or more output channels (16→16, 4→16, 16→32,
 * 32→16, 48→16, 64→64, 128→64, 256→128 at 8–128 pixels, 100–300 passes each) was exact and NaN-free. So layers
 * with at least {@link #NATIVE_MIN_FILTERS} filters use PyTorch's own 3×3 convolution and narrower ones the
 * shifted copies; the training loop still stops on a non-finite loss.
 */
final class Conv3x3 extends AbstractBlock {

    /** Filters from which the native 3×3 convolution is used (see above). */
    static final int NATIVE_MIN_FILTERS = 16;

    private final int filters;
    private final Parameter weight;
    private final Parameter bias;

    Conv3x3(int filters, boolean withBias) {
        this.filters = filters;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        this.bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build()) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return new NDList(apply(x, w, b));
    }

    /** The convolution of {@code x [N, in, H, W]} with {@code w [out, in, 3, 3]} and optional {@code b [out]}. */
    static NDArray apply(NDArray x, NDArray w, NDArray b) {
        if (w.getShape().get(0) >= NATIVE_MIN_FILTERS) {
            return Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1)).singletonOrThrow();
        }
        return shifted(x, w, b);
    }

    /** The same convolution as nine shifted copies and a 1×1 convolution. */
    static NDArray shifted(NDArray x, NDArray w, NDArray b) {
        Shape s = x.getShape();
        long n = s.get(0);
        long in = s.get(1);
        long h = s.get(2);
        long wd = s.get(3);
        NDArray padded = x.pad(new Shape(1, 1, 1, 1), 0);
        NDList shifts = new NDList(9);
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                shifts.add(padded.get(new NDIndex(":, :, {}:{}, {}:{}", dy, dy + h, dx, dx + wd)));
            }
        }
        NDArray columns = NDArrays.stack(shifts, 2).reshape(n, in * 9, h, wd);
        NDArray kernel = w.reshape(w.getShape().get(0), in * 9, 1, 1);
        return Conv2d.conv2d(columns, kernel, b).singletonOrThrow();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(filters, inputShapes[0].get(1), 3, 3));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), filters, s.get(2), s.get(3))};
    }
}
