package io.nightshift.contract;

/**
 * What contract v1 says about one dimension of an input or output tensor.
 *
 * @param label how messages name the dimension (N, C, h, w, 2h…)
 * @param size  the fixed size, or {@link #DYNAMIC} when the model must leave it free
 */
public record DimRule(String label, long size) {

    /** Marks a dimension the model must leave dynamic (batch, tile height and width). */
    public static final long DYNAMIC = -1;

    public static DimRule fixed(String label, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a fixed dimension needs a positive size, got " + size);
        }
        return new DimRule(label, size);
    }

    public static DimRule dynamic(String label) {
        return new DimRule(label, DYNAMIC);
    }

    public boolean isDynamic() {
        return size == DYNAMIC;
    }

    @Override
    public String toString() {
        return isDynamic() ? label : Long.toString(size);
    }
}
