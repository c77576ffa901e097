package io.nightshift.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The contract for one model input or output: its name and its dimensions. Element type is always
 * float32 in contract v1 (an FP16 model casts inside).
 */
public record PortRule(String name, List<DimRule> dims) {

    public PortRule {
        dims = List.copyOf(dims);
    }

    public int rank() {
        return dims.size();
    }

    /** The shape as the contract writes it, e.g. {@code [N, 4, h, w]}. */
    public String shapeText() {
        return dims.stream().map(DimRule::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
