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
                ports.add(PortSignature.tensor(node.getName(), ElementType.fromOnnx(tensor.onnxType.value), tensor.getShape()));
            } else {
                ports.add(new PortSignature(node.getName(), ElementType.NOT_A_TENSOR, null));
            }
        }
        return ports;
    }
}
