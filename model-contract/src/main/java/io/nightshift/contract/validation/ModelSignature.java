package io.nightshift.contract.validation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a model declares about itself: its graph inputs (initializers excluded), its outputs and its
 * metadata properties. Read from the ONNX protobuf by {@link ProtoSignatures} or from a loaded ONNX
 * Runtime session by {@link OrtSignatures}, checked by {@link ContractValidator}.
 */
public record ModelSignature(List<PortSignature> inputs, List<PortSignature> outputs, Map<String, String> metadata) {

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        metadata = Map.copyOf(metadata);
    }

    public Optional<PortSignature> input(String name) {
        return inputs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<PortSignature> output(String name) {
        return outputs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<String> metadata(String key) {
        return Optional.ofNullable(metadata.get(key));
    }
}
