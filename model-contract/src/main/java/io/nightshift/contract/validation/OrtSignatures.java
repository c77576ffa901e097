package io.nightshift.contract.validation;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link ModelSignature} from a loaded ONNX Runtime session: what the runtime reports,
 * which is what the worker will actually run. Needs ONNX Runtime on the class path (an optional
 * dependency of this module).
 */
public final class OrtSignatures {

    private OrtSignatures() {
    }

    public static ModelSignature of(OrtSession session) throws OrtException {
        return new ModelSignature(ports(session.getInputInfo()), ports(session.getOutputInfo()),
                session.getMetadata().getCustomMetadata());
    }

    private static List<PortSignature> ports(Map<String, NodeInfo> infos) {
        List<PortSignature> ports = new ArrayList<>(infos.size());
        for (NodeInfo node : infos.values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                ports.add(PortSignature.tensor(node.getName(), elementType(tensor.onnxType), tensor.getShape()));
            } else {
                ports.add(new PortSignature(node.getName(), ElementType.NOT_A_TENSOR, null));
            }
        }
        return ports;
    }

    /**
     * By name: the Java API numbers {@code OnnxTensorType} its own way (float is 10 there, 1 in
     * ONNX), so {@code onnxType.value} must not be read as an ONNX data type.
     */
    static ElementType elementType(TensorInfo.OnnxTensorType type) {
        String name = type.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
        return switch (name) {
            case "FLOAT" -> ElementType.FLOAT32;
            case "DOUBLE" -> ElementType.FLOAT64;
            case "UNDEFINED" -> ElementType.UNDEFINED;
            default -> {
                try {
                    yield ElementType.valueOf(name);
                } catch (IllegalArgumentException e) {
                    yield ElementType.OTHER;
                }
            }
        };
    }
}
