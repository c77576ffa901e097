package io.nightshift.contract.onnx;

/**
 * One dimension of a graph input or output: a fixed size, or a symbolic name (dynamic).
 *
 * @param size  the fixed size, or -1 when symbolic
 * @param param the symbolic name, or {@code null} when fixed
 */
public record Dim(long size, String param) {

    public Dim {
        if ((param == null) == (size < 0)) {
            throw new IllegalArgumentException("a dimension is either fixed (size ≥ 0) or symbolic (a name)");
        }
    }

    public static Dim fixed(long size) {
        return new Dim(size, null);
    }

    public static Dim named(String param) {
        return new Dim(-1, param);
    }

    public boolean isFixed() {
        return param == null;
    }
}
