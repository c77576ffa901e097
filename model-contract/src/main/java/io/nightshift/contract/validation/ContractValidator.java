package io.nightshift.contract.validation;

import io.nightshift.contract.DimRule;
import io.nightshift.contract.EnhancerContract;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.PortRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a model against contract v1 and refuses it with a message naming every misfit: the
 * {@code nightshift.contract} and {@code nightshift.model_version} metadata, the names of the
 * inputs and outputs (exactly one each, no extras), their element type (float32; an FP16 model keeps
 * float32 inputs and outputs), rank, the fixed dimensions (channels, thumb size) and the dynamic ones
 * (batch, tile height and width, which must not be fixed).
 */
public final class ContractValidator {

    private ContractValidator() {
    }

    /** Validates an ONNX file's bytes for its declared role; returns that role. */
    public static ModelRole validate(byte[] onnx) {
        return validate(ProtoSignatures.read(onnx));
    }

    /** Validates an ONNX file for the given role. */
    public static void validate(Path onnx, ModelRole expected) {
        validate(ProtoSignatures.read(onnx), expected);
    }

    /** Validates an ONNX file's bytes for the given role. */
    public static void validate(byte[] onnx, ModelRole expected) {
        validate(ProtoSignatures.read(onnx), expected);
    }

    /**
     * Validates a signature against the role its {@code nightshift.contract} key names.
     *
     * @return the role
     * @throws ContractViolationException when the key is missing or unknown, or the model does not fit
     */
    public static ModelRole validate(ModelSignature model) {
        Optional<String> key = model.metadata(MetadataKeys.CONTRACT);
        if (key.isEmpty()) {
            throw new ContractViolationException("v1", List.of("metadata key '" + MetadataKeys.CONTRACT
                    + "' is missing (expected one of " + knownKeys() + ")"));
        }
        ModelRole role = ModelRole.byContractKey(key.get()).orElseThrow(() -> new ContractViolationException("v1",
                List.of("metadata '" + MetadataKeys.CONTRACT + "' is '" + key.get() + "', expected one of " + knownKeys())));
        validate(model, role);
        return role;
    }

    /** Validates a signature against the given role. */
    public static void validate(ModelSignature model, ModelRole expected) {
        List<String> problems = problems(model, expected);
        if (!problems.isEmpty()) {
            throw new ContractViolationException(contractLabel(model, expected), problems);
        }
    }

    /** Every way the model misses the role's contract; empty when it fits. */
    public static List<String> problems(ModelSignature model, ModelRole expected) {
        List<String> problems = new ArrayList<>();
        checkMetadata(model, expected, problems);
        String label = contractLabel(model, expected);
        checkPorts("input", model.inputs(), inputRule(model, expected), label, problems);
        checkPorts("output", model.outputs(), expected.output(), label, problems);
        return problems;
    }

    /**
     * The enhancer contract a model declares ({@link EnhancerContract#V1} when its key is missing or not an enhancer's:
     * {@link #problems} says so).
     */
    public static EnhancerContract enhancerContract(ModelSignature model) {
        return model.metadata(MetadataKeys.CONTRACT).flatMap(EnhancerContract::byKey).orElse(EnhancerContract.V1);
    }

    /** The contract a model is checked against: its declared enhancer version, else the role's (v1) key. */
    private static String contractLabel(ModelSignature model, ModelRole expected) {
        return expected == ModelRole.ENHANCER
                ? model.metadata(MetadataKeys.CONTRACT).flatMap(EnhancerContract::byKey).map(EnhancerContract::key)
                        .orElse(expected.contractKey())
                : expected.contractKey();
    }

    private static PortRule inputRule(ModelSignature model, ModelRole expected) {
        return expected == ModelRole.ENHANCER ? enhancerContract(model).input() : expected.input();
    }

    private static void checkMetadata(ModelSignature model, ModelRole expected, List<String> problems) {
        Optional<String> key = model.metadata(MetadataKeys.CONTRACT);
        if (key.isEmpty()) {
            problems.add("metadata key '" + MetadataKeys.CONTRACT + "' is missing (expected '" + expected.contractKey() + "')");
        } else if (expected == ModelRole.ENHANCER) {
            if (EnhancerContract.byKey(key.get()).isEmpty()) {
                problems.add("metadata '" + MetadataKeys.CONTRACT + "' is '" + key.get() + "', expected one of "
                        + EnhancerContract.knownKeys()
                        + (key.get().startsWith("enhancer/") ? " (a newer contract needs a newer worker)" : ""));
            }
        } else if (!key.get().equals(expected.contractKey())) {
            problems.add("metadata '" + MetadataKeys.CONTRACT + "' is '" + key.get() + "', expected '"
                    + expected.contractKey() + "'");
        }
        Optional<String> version = model.metadata(MetadataKeys.MODEL_VERSION);
        if (version.isEmpty()) {
            problems.add("metadata key '" + MetadataKeys.MODEL_VERSION + "' is missing");
        } else if (version.get().isBlank()) {
            problems.add("metadata '" + MetadataKeys.MODEL_VERSION + "' is blank");
        }
    }

    private static void checkPorts(String kind, List<PortSignature> actual, PortRule rule, String contract,
            List<String> problems) {
        Optional<PortSignature> port = actual.stream().filter(p -> p.name().equals(rule.name())).findFirst();
        if (port.isEmpty()) {
            problems.add("no " + kind + " named '" + rule.name() + "' (the model's " + kind + "s: " + names(actual) + ")");
        }
        for (PortSignature other : actual) {
            if (!other.name().equals(rule.name())) {
                problems.add("unexpected " + kind + " '" + other.name() + "' (contract " + contract
                        + " has only '" + rule.name() + "')");
            }
        }
        port.ifPresent(p -> checkPort(kind, p, rule, problems));
    }

    private static void checkPort(String kind, PortSignature port, PortRule rule, List<String> problems) {
        String what = kind + " '" + port.name() + "'";
        if (port.elementType() != ElementType.FLOAT32) {
            problems.add(what + " is " + port.elementType() + ", contract needs float32"
                    + (port.elementType() == ElementType.FLOAT16 ? " (an FP16 model casts inside)" : ""));
        }
        if (!port.hasShape()) {
            problems.add(what + " declares no shape, contract needs rank " + rule.rank() + " " + rule.shapeText());
            return;
        }
        if (port.shape().size() != rule.rank()) {
            problems.add(what + " has rank " + port.shape().size() + " " + port.shapeText() + ", contract needs rank "
                    + rule.rank() + " " + rule.shapeText());
            return;
        }
        for (int i = 0; i < rule.rank(); i++) {
            DimRule dim = rule.dims().get(i);
            long actual = port.shape().get(i);
            if (dim.isDynamic() && actual >= 0) {
                problems.add(what + " dimension " + i + " (" + dim.label() + ") is fixed at " + actual
                        + ", contract " + rule.shapeText() + " needs it dynamic");
            } else if (!dim.isDynamic() && actual >= 0 && actual != dim.size()) {
                problems.add(what + " dimension " + i + " (" + dim.label() + ") is " + actual + ", contract "
                        + rule.shapeText() + " needs " + dim.size());
            }
        }
    }

    private static String names(List<PortSignature> ports) {
        return ports.isEmpty() ? "none" : ports.stream().map(p -> "'" + p.name() + "'").collect(Collectors.joining(", "));
    }

    private static String knownKeys() {
        return EnhancerContract.knownKeys() + ", '" + ModelRole.RATIO_ESTIMATOR.contractKey() + "'";
    }
}
