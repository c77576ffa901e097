package io.nightshift.contract.validation;

/** Tensor element types by their ONNX {@code TensorProto.DataType} number, named as messages show them. */
public enum ElementType {
    UNDEFINED(0, "undefined"),
    FLOAT32(1, "float32"),
    UINT8(2, "uint8"),
    INT8(3, "int8"),
    UINT16(4, "uint16"),
    INT16(5, "int16"),
    INT32(6, "int32"),
    INT64(7, "int64"),
    STRING(8, "string"),
    BOOL(9, "bool"),
    FLOAT16(10, "float16"),
    FLOAT64(11, "float64"),
    UINT32(12, "uint32"),
    UINT64(13, "uint64"),
    COMPLEX64(14, "complex64"),
    COMPLEX128(15, "complex128"),
    BFLOAT16(16, "bfloat16"),
    /** A type this enum does not list (newer ONNX types such as float8). */
    OTHER(-1, "another element type"),
    /** The value is not a tensor at all (sequence, map, sparse tensor, optional…). */
    NOT_A_TENSOR(-2, "not a tensor");

    private final int onnxNumber;
    private final String displayName;

    ElementType(int onnxNumber, String displayName) {
        this.onnxNumber = onnxNumber;
        this.displayName = displayName;
    }

    /** The type with this ONNX {@code DataType} number, or {@link #OTHER}. */
    public static ElementType fromOnnx(int number) {
        for (ElementType t : values()) {
            if (t.onnxNumber == number && number >= 0) {
                return t;
            }
        }
        return OTHER;
    }

    public int onnxNumber() {
        return onnxNumber;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
