package io.nightshift.contract;

import static io.nightshift.contract.DimRule.dynamic;
import static io.nightshift.contract.DimRule.fixed;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The versions of the enhancer's contract. Both take {@code packed [N, C, h, w]} and give {@code rgb [N, 3, 2h, 2w]};
 * they differ in what the input holds:
 *
 * <ul>
 *   <li>{@link #V1} ({@code enhancer/v1}): 4 channels, the packed frame × white balance × ratio, clipped
 *       ({@link io.nightshift.contract.image.EnhancerInput}).</li>
 *   <li>{@link #V2} ({@code enhancer/v2}): those 4 and two constant planes describing the input's noise, the
 *       {@link io.nightshift.contract.image.NoisePlanes} of the frame's {@link io.nightshift.contract.image.NoiseLevel}
 *       after amplification: √(shot·ratio) and √(read·ratio²), the standard deviations of the input's shot noise
 *       at 1 and of its read noise (before white balance).</li>
 * </ul>
 *
 * <p>A worker that does not know a set's enhancer contract refuses the set and keeps serving its current one; a
 * fleet therefore takes a new version in this order: workers that know it first, then the set.
 */
public enum EnhancerContract {
    V1(ContractV1.ENHANCER_CONTRACT, 0),
    V2("enhancer/v2", 2);

    private final String key;
    private final int noisePlanes;
    private final PortRule input;

    EnhancerContract(String key, int noisePlanes) {
        this.key = key;
        this.noisePlanes = noisePlanes;
        this.input = new PortRule(ContractV1.ENHANCER_INPUT, List.of(dynamic("N"),
                fixed("C", ContractV1.PACKED_CHANNELS + noisePlanes), dynamic("h"), dynamic("w")));
    }

    /** The value of the {@code nightshift.contract} metadata key. */
    public String key() {
        return key;
    }

    /** The constant planes after the four packed channels: 0 in v1, 2 in v2. */
    public int noisePlanes() {
        return noisePlanes;
    }

    /** Channels of the input {@code packed}. */
    public int inputChannels() {
        return ContractV1.PACKED_CHANNELS + noisePlanes;
    }

    /** The rule for the input {@code packed}. */
    public PortRule input() {
        return input;
    }

    /** The version whose key this is, if any. */
    public static Optional<EnhancerContract> byKey(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }

    /** Every known key, quoted, for messages. */
    public static String knownKeys() {
        return Arrays.stream(values()).map(c -> "'" + c.key + "'").collect(Collectors.joining(", "));
    }
}
