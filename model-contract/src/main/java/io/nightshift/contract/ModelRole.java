package io.nightshift.contract;

import static io.nightshift.contract.DimRule.dynamic;
import static io.nightshift.contract.DimRule.fixed;

import java.util.List;
import java.util.Optional;

/**
 * The two kinds of model in contract v1, with their tensor names and shapes.
 *
 * <ul>
 *   <li>{@link #ENHANCER}: {@code packed} float32 {@code [N, 4, h, w]} (h, w dynamic, multiples of
 *       16) → {@code rgb} float32 {@code [N, 3, 2h, 2w]}, linear white-balanced camera RGB.</li>
 *   <li>{@link #RATIO_ESTIMATOR}: {@code thumb} float32 {@code [N, 3, 64, 64]} → {@code log2_ratio}
 *       float32 {@code [N, 1]}.</li>
 * </ul>
 */
public enum ModelRole {
    ENHANCER(EnhancerContract.V1.key(), EnhancerContract.V1.input(),
            new PortRule(ContractV1.ENHANCER_OUTPUT,
                    List.of(dynamic("N"), fixed("C", ContractV1.RGB_CHANNELS), dynamic("2h"), dynamic("2w")))),
    RATIO_ESTIMATOR(ContractV1.RATIO_CONTRACT,
            new PortRule(ContractV1.RATIO_INPUT,
                    List.of(dynamic("N"), fixed("C", ContractV1.THUMB_CHANNELS),
                            fixed("H", ContractV1.THUMB_SIZE), fixed("W", ContractV1.THUMB_SIZE))),
            new PortRule(ContractV1.RATIO_OUTPUT, List.of(dynamic("N"), fixed("1", 1))));

    private final String contractKey;
    private final PortRule input;
    private final PortRule output;

    ModelRole(String contractKey, PortRule input, PortRule output) {
        this.contractKey = contractKey;
        this.input = input;
        this.output = output;
    }

    /**
     * The value of the {@code nightshift.contract} metadata key of the role's first version, e.g. {@code enhancer/v1}
     * (the enhancer's later versions: {@link EnhancerContract}).
     */
    public String contractKey() {
        return contractKey;
    }

    public PortRule input() {
        return input;
    }

    public PortRule output() {
        return output;
    }

    /** The role whose contract key this is, if any (every {@link EnhancerContract} version's key is the enhancer's). */
    public static Optional<ModelRole> byContractKey(String key) {
        if (EnhancerContract.byKey(key).isPresent()) {
            return Optional.of(ENHANCER);
        }
        for (ModelRole role : values()) {
            if (role.contractKey.equals(key)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
