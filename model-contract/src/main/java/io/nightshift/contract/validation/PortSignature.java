package io.nightshift.contract.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a model declares for one input or output.
 *
 * @param name        the tensor's name
 * @param elementType its element type ({@link ElementType#NOT_A_TENSOR} for sequences, maps…)
 * @param shape       its dimensions, {@link #DYNAMIC} where symbolic or unknown; {@code null} when
 *                    the model declares no shape at all (rank unknown)
 */
public record PortSignature(String name, ElementType elementType, List<Long> shape) {

    /** A dimension without a fixed size. */
    public static final long DYNAMIC = -1;

    public PortSignature {
        // List.copyOf refuses nulls; the shape list itself may be null (unknown rank)
        shape = shape == null ? null : Collections.unmodifiableList(new ArrayList<>(shape));
    }

    /** A tensor port with the given shape, {@code -1} (or any negative value) marking a dynamic dimension. */
    public static PortSignature tensor(String name, ElementType type, long... shape) {
        List<Long> dims = new ArrayList<>(shape.length);
        for (long d : shape) {
            dims.add(d < 0 ? DYNAMIC : d);
        }
        return new PortSignature(name, type, dims);
    }

    public boolean hasShape() {
        return shape != null;
    }

    /** The shape as text, {@code ?} for dynamic dimensions, e.g. {@code [?, 4, ?, ?]}. */
    public String shapeText() {
        if (shape == null) {
            return "[no shape]";
        }
        return shape.stream().map(d -> d < 0 ? "?" : Long.toString(d)).collect(Collectors.joining(", ", "[", "]"));
    }
}
