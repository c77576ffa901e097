package io.nightshift.trainer.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CPU's model name and the instruction-set extensions that decide ONNX Runtime's integer kernels, from
 * {@code /proc/cpuinfo}: AVX2 ({@code vpmaddubsw}, 16-bit sums that may saturate), AVX-512, VNNI
 * ({@code vpdpbusd}: u8 × s8 summed into 32 bits in one instruction), AMX.
 *
 * @param model the first {@code model name}
 * @param isa   the extensions of {@link #WATCHED} the CPU has, in that order
 */
public record CpuFeatures(String model, List<String> isa) {

    public static final List<String> WATCHED = List.of("sse4_2", "avx2", "avx512f", "avx512bw", "avx512_vnni",
            "avx_vnni", "avx512_bf16", "amx_tile", "amx_int8");

    public static CpuFeatures read() {
        String model = "unknown";
        Set<String> flags = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model.equals("unknown")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("flags") && flags.isEmpty()) {
                    flags.addAll(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException e) {
            return new CpuFeatures("unknown (no /proc/cpuinfo)", List.of());
        }
        List<String> isa = new ArrayList<>();
        for (String f : WATCHED) {
            if (flags.contains(f)) {
                isa.add(f);
            }
        }
        return new CpuFeatures(model, isa);
    }
}
