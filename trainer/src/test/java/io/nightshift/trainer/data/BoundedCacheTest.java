package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void keepsWithinItsBudgetEvictingTheLeastRecentlyUsed() {
        List<String> loads = new ArrayList<>();
        BoundedCache<String, byte[]> cache = new BoundedCache<>(100, v -> v.length);
        byte[] a = cache.get("a", k -> load(loads, k, 40));
        cache.get("b", k -> load(loads, k, 40));
        assertSame(a, cache.get("a", k -> load(loads, k, 40)), "a hit");
        cache.get("c", k -> load(loads, k, 40)); // evicts b, the least recently used
        assertEquals(80, cache.usedBytes());
        cache.get("a", k -> load(loads, k, 40));
        cache.get("b", k -> load(loads, k, 40)); // reloaded
        assertEquals(List.of("a", "b", "c", "b"), loads);
        cache.get("huge", k -> load(loads, k, 500)); // over budget: returned, not kept
        assertEquals(2, cache.size());
        assertEquals(80, cache.usedBytes());
        assertEquals(2, cache.hits());
        assertEquals(5, cache.misses());
    }

    private static byte[] load(List<String> loads, String key, int size) {
        loads.add(key);
        return new byte[size];
    }
}
