package io.nightshift.trainer.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache bounded by a byte budget, so a loader's memory does not grow with the
 * dataset (SID's original loader keeps every frame: 64 GB). Values over the budget are returned but
 * never kept. Not thread-safe: one per loader thread.
 */
public final class BoundedCache<K, V> {

    private final long budgetBytes;
    private final ToLongFunction<V> sizeOf;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;
    private long hits;
    private long misses;

    public BoundedCache(long budgetBytes, ToLongFunction<V> sizeOf) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("a budget cannot be negative");
        }
        this.budgetBytes = budgetBytes;
        this.sizeOf = sizeOf;
    }

    /** The cached value, or {@code load}'s, kept when it fits (evicting the least recently used). */
    public V get(K key, Function<K, V> load) {
        V v = entries.get(key);
        if (v != null) {
            hits++;
            return v;
        }
        misses++;
        v = load.apply(key);
        long size = sizeOf.applyAsLong(v);
        if (size <= budgetBytes) {
            Iterator<Map.Entry<K, V>> oldest = entries.entrySet().iterator();
            while (usedBytes + size > budgetBytes && oldest.hasNext()) {
                usedBytes -= sizeOf.applyAsLong(oldest.next().getValue());
                oldest.remove();
            }
            entries.put(key, v);
            usedBytes += size;
        }
        return v;
    }

    public long usedBytes() {
        return usedBytes;
    }

    public int size() {
        return entries.size();
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }
}
