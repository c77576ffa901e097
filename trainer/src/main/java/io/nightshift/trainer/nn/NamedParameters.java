package io.nightshift.trainer.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;

/** Copies DJL parameters out under the contract's names. */
final class NamedParameters {

    private NamedParameters() {
    }

    static void put(Map<String, float[]> out, String contractName, Block block, String djlName) {
        Parameter p = block.getParameters().get(djlName);
        if (p == null || !p.isInitialized()) {
            throw new IllegalStateException("parameter '" + djlName + "' of " + contractName + " is missing or not initialized");
        }
        if (out.put(contractName, p.getArray().toFloatArray()) != null) {
            throw new IllegalStateException("two parameters named " + contractName);
        }
    }
}
