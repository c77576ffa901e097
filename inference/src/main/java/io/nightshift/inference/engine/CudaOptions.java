package io.nightshift.inference.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime CUDA execution provider options that a deployment sets (issue 20 item 3); unverified on a GPU here
 * (no CUDA machine runs the Java engine: see the README).
 *
 * @param convAlgoSearch      cuDNN convolution algorithm search: {@code EXHAUSTIVE} (ONNX Runtime's default: the
 *                            fastest kernels, found once per input shape, hence fixed tile shapes),
 *                            {@code HEURISTIC} or {@code DEFAULT}
 * @param memoryLimitBytes    the CUDA arena's limit in bytes; 0 = no limit
 * @param arenaExtendStrategy {@code kNextPowerOfTwo} (the default) or {@code kSameAsRequested} (grows by what is
 *                            asked: less waste with one fixed tile shape)
 */
public record CudaOptions(String convAlgoSearch, long memoryLimitBytes, String arenaExtendStrategy) {

    private static final Set<String> SEARCHES = Set.of("EXHAUSTIVE", "HEURISTIC", "DEFAULT");
    private static final Set<String> STRATEGIES = Set.of("kNextPowerOfTwo", "kSameAsRequested");

    public CudaOptions {
        if (!SEARCHES.contains(convAlgoSearch)) {
            throw new IllegalArgumentException("cudnn_conv_algo_search is one of " + SEARCHES + ", got " + convAlgoSearch);
        }
        if (memoryLimitBytes < 0) {
            throw new IllegalArgumentException("the CUDA memory limit is ≥ 0 bytes (0: none), got " + memoryLimitBytes);
        }
        if (!STRATEGIES.contains(arenaExtendStrategy)) {
            throw new IllegalArgumentException("arena_extend_strategy is one of " + STRATEGIES + ", got "
                    + arenaExtendStrategy);
        }
    }

    /** ONNX Runtime's own defaults. */
    public static CudaOptions defaults() {
        return new CudaOptions("EXHAUSTIVE", 0, "kNextPowerOfTwo");
    }

    /** The provider options as ONNX Runtime names them, for {@code OrtCUDAProviderOptions.add}. */
    public Map<String, String> providerOptions(int device) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("device_id", Integer.toString(device));
        options.put("cudnn_conv_algo_search", convAlgoSearch);
        if (memoryLimitBytes > 0) {
            options.put("gpu_mem_limit", Long.toString(memoryLimitBytes));
        }
        options.put("arena_extend_strategy", arenaExtendStrategy);
        return options;
    }
}
