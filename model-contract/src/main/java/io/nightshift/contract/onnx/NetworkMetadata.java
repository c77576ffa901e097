package io.nightshift.contract.onnx;

import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;

/** Writes the contract's metadata keys for a factory-built network. */
final class NetworkMetadata {

    private NetworkMetadata() {
    }

    static void write(OnnxGraphBuilder g, ModelRole role, String architecture, ExportOptions options) {
        write(g, role.contractKey(), architecture, options);
    }

    static void write(OnnxGraphBuilder g, String contractKey, String architecture, ExportOptions options) {
        g.metadata(MetadataKeys.CONTRACT, contractKey)
                .metadata(MetadataKeys.MODEL_VERSION, options.modelVersion())
                .metadata(MetadataKeys.ARCHITECTURE, architecture)
                .metadata(MetadataKeys.PRECISION, options.precision().metadataValue());
        options.metadata().forEach(g::metadata);
    }
}
