package io.nightshift.worker.memory;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much memory this worker may use, and so the largest frame it takes. The budget is the process's resident
 * memory: {@code memory.budget} when configured, else the container's limit ({@link ContainerMemory}: cgroup v2
 * {@code memory.max} or v1 {@code memory.limit_in_bytes}), else the machine's memory. It holds three things: the Java
 * heap (at most its maximum, {@code -Xmx}: the collector grows it towards that under load), the {@code memory.reserve}
 * held outside the heap whatever the frame (the JVM itself, ONNX Runtime with the model set and its buffers for one
 * tile, the clients), and what a frame adds outside the heap, {@link #NATIVE_BYTES_PER_PIXEL} per raw pixel. Inside
 * the heap a frame needs {@link #HEAP_BYTES_PER_PIXEL} per raw pixel, in {@link #HEAP_SHARE} of its maximum. The
 * largest frame admitted is the smaller of the two bounds:
 *
 * <pre>max pixels = min(HEAP_SHARE × heap / HEAP_BYTES_PER_PIXEL, (budget − heap − reserve) / NATIVE_BYTES_PER_PIXEL)</pre>
 *
 * <p>So the budget and the heap together decide it: a heap too small for the budget wastes it (heap-bound), a heap
 * too large for it leaves no room outside (budget-bound); {@link #recommendedHeapBytes} splits a budget so that both
 * bounds meet. A frame over the limit is refused as {@code TOO_LARGE} from the RAW's header, before LibRaw unpacks
 * anything ({@code DecodeLimits}).
 *
 * @param budgetBytes  the process's memory budget
 * @param source       where the budget comes from: {@code configured}, {@code container limit}, {@code machine memory}
 * @param reserveBytes what the process holds outside the heap whatever the frame
 * @param maxHeapBytes the JVM's maximum heap ({@code -Xmx}, or the JVM's default share of the container)
 */
public record MemoryBudget(long budgetBytes, String source, long reserveBytes, long maxHeapBytes) {

    /**
     * Java heap a worker needs per raw pixel of its frames at its peak with the default pipeline: two packed frames
     * (4 bytes a pixel each), the network output being made (12) while the previous job's output and sRGB image are
     * post-processed and encoded (24), the sources of the jobs downloaded and waiting (about 2 each), the encoders
     * (about 4). The heap committed by the end of {@code ./nightshift bench memory} grew by 50 bytes per pixel from
     * 12 to 50 MP (worker/README.md, Benchmark); rounded up.
     */
    public static final int HEAP_BYTES_PER_PIXEL = 56;

    /**
     * Resident memory outside the Java heap per raw pixel: LibRaw's copy of the file and its unpacked mosaic (about
     * 4), ONNX Runtime's arena as the tiles of a larger frame vary, the collector's structures for a larger heap, the
     * allocator's slack. Measured by {@code ./nightshift bench memory} as peak RSS less heap committed: it grew by
     * 30 bytes per pixel from 12 to 50 MP; rounded up.
     */
    public static final int NATIVE_BYTES_PER_PIXEL = 32;

    /** The share of the maximum heap frames may fill (the rest is the collector's room and everything else). */
    public static final double HEAP_SHARE = 0.9;

    public MemoryBudget {
        if (budgetBytes <= 0 || reserveBytes < 0 || maxHeapBytes <= 0) {
            throw new IllegalArgumentException("budget and heap must be positive, reserve not negative");
        }
    }

    /** This process's budget from its configuration, its container, the machine and its heap. */
    public static MemoryBudget of(Optional<String> budget, String reserve) {
        return of(budget, reserve, ContainerMemory.limit(), machineMemory(), Runtime.getRuntime().maxMemory());
    }

    static MemoryBudget of(Optional<String> budget, String reserve, OptionalLong containerLimit, long machineMemory,
                           long maxHeap) {
        long reserveBytes = parseSize("nightshift.worker.memory.reserve", reserve);
        if (budget.isPresent() && !budget.get().isBlank()) {
            return new MemoryBudget(parseSize("nightshift.worker.memory.budget", budget.get()), "configured",
                    reserveBytes, maxHeap);
        }
        if (containerLimit.isPresent()) {
            return new MemoryBudget(containerLimit.getAsLong(), "container limit", reserveBytes, maxHeap);
        }
        return new MemoryBudget(machineMemory, "machine memory", reserveBytes, maxHeap);
    }

    /** The most pixels the heap holds. */
    long heapBound() {
        return (long) (HEAP_SHARE * maxHeapBytes) / HEAP_BYTES_PER_PIXEL;
    }

    /** The most pixels the budget holds outside the heap and the reserve. */
    long budgetBound() {
        return Math.max(0, budgetBytes - maxHeapBytes - reserveBytes) / NATIVE_BYTES_PER_PIXEL;
    }

    /** The largest frame, in raw pixels, this budget and heap admit (0 when the heap and reserve take it all). */
    public long maxFramePixels() {
        return Math.min(heapBound(), budgetBound());
    }

    /** Whether the heap, not the rest of the budget, is what limits frames. */
    public boolean heapLimits() {
        return heapBound() <= budgetBound();
    }

    /** Why a frame over {@link #maxFramePixels()} is refused, for its dead letter. */
    public String basis() {
        return heapLimits()
                ? "the worker's heap of " + size(maxHeapBytes) + " holds at most that many pixels at "
                + HEAP_BYTES_PER_PIXEL + " bytes each"
                : "the worker's memory budget of " + size(budgetBytes) + " (" + source + ") less its heap of "
                + size(maxHeapBytes) + " and reserve of " + size(reserveBytes) + " holds at most that many pixels at "
                + NATIVE_BYTES_PER_PIXEL + " bytes each outside the heap";
    }

    /** One line for the start-up log. */
    public String describe() {
        return String.format(Locale.ROOT, "memory budget %s (%s), reserve %s, heap max %s: frames up to %.1f MP (%s-bound;"
                        + " -Xmx%dm would admit the most)", size(budgetBytes), source, size(reserveBytes),
                size(maxHeapBytes), maxFramePixels() / 1e6, heapLimits() ? "heap" : "budget",
                recommendedHeapBytes(budgetBytes, reserveBytes) >> 20);
    }

    /** The maximum heap at which both bounds meet for this budget and reserve: the largest frames it can admit. */
    public static long recommendedHeapBytes(long budgetBytes, long reserveBytes) {
        double heapPerPixel = HEAP_BYTES_PER_PIXEL / HEAP_SHARE;
        return (long) (Math.max(0, budgetBytes - reserveBytes) * heapPerPixel / (heapPerPixel + NATIVE_BYTES_PER_PIXEL));
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?");

    /** {@code 123}, {@code 512m}, {@code 4g}, {@code 1.5GiB}, {@code 6GB} (binary multiples, any case): bytes. */
    public static long parseSize(String key, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " must be a size such as 6g, 5500m or 1.5GiB, got '" + text + "'");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }

    static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }

    private static long machineMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory() * 4;
    }
}
