package io.nightshift.contract.validation;

import java.util.List;

/**
 * A model that does not fit the contract. The message names every problem; {@link #problems()}
 * lists them one by one. Unchecked: a refused model is a configuration error, never retried.
 */
public class ContractViolationException extends RuntimeException {

    private final String contract;
    private final List<String> problems;

    public ContractViolationException(String contract, List<String> problems) {
        super("model does not fit contract " + contract + ": " + String.join("; ", problems));
        this.contract = contract;
        this.problems = List.copyOf(problems);
    }

    public ContractViolationException(String contract, String problem, Throwable cause) {
        super("model does not fit contract " + contract + ": " + problem, cause);
        this.contract = contract;
        this.problems = List.of(problem);
    }

    /** The contract the model was checked against, e.g. {@code enhancer/v1}, or {@code v1} when no role was given. */
    public String contract() {
        return contract;
    }

    public List<String> problems() {
        return problems;
    }
}
