package io.nightshift.inference.engine;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ONNX Runtime's CUDA execution provider options, as settings. Tiles of one fixed shape let cuDNN choose its
 * convolution algorithms once per session ({@link ConvAlgoSearch#EXHAUSTIVE} then pays once); the memory limit
 * and arena strategy bound what one worker takes of a GPU shared with others.
 *
 * @param convAlgoSearch  {@code cudnn_conv_algo_search}
 * @param memoryLimit     {@code gpu_mem_limit} in bytes; 0 for ONNX Runtime's default (no limit)
 * @param arenaStrategy   {@code arena_extend_strategy}
 */
public record CudaOptions(ConvAlgoSearch convAlgoSearch, long memoryLimit, ArenaStrategy arenaStrategy) {

    /** cuDNN's convolution algorithm search. */
    public enum ConvAlgoSearch { EXHAUSTIVE, HEURISTIC, DEFAULT }

    /** How the device memory arena grows. */
    public enum ArenaStrategy { NEXT_POWER_OF_TWO, SAME_AS_REQUESTED }

    /** ONNX Runtime's defaults: exhaustive search, no memory limit, power-of-two growth. */
    public static final CudaOptions DEFAULTS = new CudaOptions(ConvAlgoSearch.EXHAUSTIVE, 0,
            ArenaStrategy.NEXT_POWER_OF_TWO);

    public CudaOptions {
        if (convAlgoSearch == null || arenaStrategy == null) {
            throw new IllegalArgumentException("CUDA options need a conv algorithm search and an arena strategy");
        }
        if (memoryLimit < 0) {
            throw new IllegalArgumentException("the GPU memory limit must be ≥ 0 (0: none), got " + memoryLimit);
        }
    }

    /** From settings' words: {@code exhaustive|heuristic|default}, bytes, {@code next-power-of-two|same-as-requested}. */
    public static CudaOptions of(String convAlgoSearch, long memoryLimit, String arenaStrategy) {
        return new CudaOptions(word(ConvAlgoSearch.class, convAlgoSearch, "cudnn conv algo search"), memoryLimit,
                word(ArenaStrategy.class, arenaStrategy, "arena strategy"));
    }

    /** The provider options as ONNX Runtime names them, for {@code device}. */
    public Map<String, String> providerOptions(int device) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("device_id", Integer.toString(device));
        options.put("cudnn_conv_algo_search", convAlgoSearch.name());
        if (memoryLimit > 0) {
            options.put("gpu_mem_limit", Long.toString(memoryLimit));
        }
        options.put("arena_extend_strategy", arenaStrategy == ArenaStrategy.NEXT_POWER_OF_TWO
                ? "kNextPowerOfTwo" : "kSameAsRequested");
        return options;
    }

    private static <E extends Enum<E>> E word(Class<E> type, String value, String what) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }
}
