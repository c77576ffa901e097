package io.nightshift.worker.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Where the budget comes from, and the largest frame it admits: the heap's bound or the rest of the budget's. */
class MemoryBudgetTest {

    private static final long GIB = 1L << 30;
    private static final long MACHINE = 24 * GIB;

    @Test
    void configuredThenContainerThenMachine() {
        MemoryBudget configured = MemoryBudget.of(Optional.of("6g"), "1g", OptionalLong.of(8 * GIB), MACHINE, 4 * GIB);
        assertEquals(6 * GIB, configured.budgetBytes());
        assertEquals("configured", configured.source());
        MemoryBudget container = MemoryBudget.of(Optional.empty(), "1g", OptionalLong.of(8 * GIB), MACHINE, 4 * GIB);
        assertEquals(8 * GIB, container.budgetBytes());
        assertEquals("container limit", container.source());
        MemoryBudget machine = MemoryBudget.of(Optional.empty(), "1g", OptionalLong.empty(), MACHINE, 4 * GIB);
        assertEquals(MACHINE, machine.budgetBytes());
        assertEquals("machine memory", machine.source());
    }

    @Test
    void aLargeHeapLeavesLittleOutsideItAndASmallOneHoldsLittle() {
        // 6 GiB budget, 1 GiB reserve, a 4.5 GiB heap: 0.5 GiB outside the heap binds
        MemoryBudget budgetBound = MemoryBudget.of(Optional.of("6g"), "1g", OptionalLong.empty(), MACHINE, 9 * GIB / 2);
        assertEquals(GIB / 2 / MemoryBudget.NATIVE_BYTES_PER_PIXEL, budgetBound.maxFramePixels());
        assertFalse(budgetBound.heapLimits());
        assertTrue(budgetBound.basis().contains("memory budget of 6.0 GiB (configured) less its heap of 4.5 GiB"),
                budgetBound.basis());
        // the JVM's default heap in an 8 GiB container is a quarter of it: the heap binds
        MemoryBudget heapBound = MemoryBudget.of(Optional.empty(), "1g", OptionalLong.of(8 * GIB), MACHINE, 2 * GIB);
        assertEquals((long) (MemoryBudget.HEAP_SHARE * 2 * GIB) / MemoryBudget.HEAP_BYTES_PER_PIXEL,
                heapBound.maxFramePixels());
        assertTrue(heapBound.heapLimits());
        assertTrue(heapBound.basis().contains("heap of 2.0 GiB"), heapBound.basis());
    }

    @Test
    void theRecommendedHeapMakesBothBoundsMeet() {
        long heap = MemoryBudget.recommendedHeapBytes(6 * GIB, GIB);
        MemoryBudget split = MemoryBudget.of(Optional.of("6g"), "1g", OptionalLong.empty(), MACHINE, heap);
        assertEquals(split.heapBound(), split.budgetBound(), split.budgetBound() / 1000.0);
        for (long other : new long[] {heap - GIB / 4, heap + GIB / 4}) {
            MemoryBudget worse = MemoryBudget.of(Optional.of("6g"), "1g", OptionalLong.empty(), MACHINE, other);
            assertTrue(worse.maxFramePixels() < split.maxFramePixels(), "any other heap admits less");
        }
        assertTrue(split.maxFramePixels() > 50_000_000L, "a 6 GiB worker takes 50 MP frames: " + split.describe());
    }

    @Test
    void theOldDefaultOf200MegapixelsDoesNotFitACommonWorker() {
        // the example: a 200 MP frame needs over 6 GB; an 8 GiB container with a 4 GiB heap takes far less
        MemoryBudget worker = MemoryBudget.of(Optional.empty(), "2g", OptionalLong.of(8 * GIB), MACHINE, 4 * GIB);
        assertTrue(worker.maxFramePixels() < 200_000_000L, worker.describe());
        assertTrue(worker.maxFramePixels() > 12_000_000L, "a 12 MP frame still fits: " + worker.describe());
    }

    @Test
    void aHeapAndReserveAsLargeAsTheBudgetAdmitNothing() {
        assertEquals(0, MemoryBudget.of(Optional.of("4g"), "1g", OptionalLong.empty(), MACHINE, 3 * GIB).maxFramePixels());
        assertEquals(0, MemoryBudget.of(Optional.of("4g"), "1g", OptionalLong.empty(), MACHINE, 6 * GIB).maxFramePixels());
    }

    @Test
    void sizes() {
        assertEquals(123, MemoryBudget.parseSize("k", "123"));
        assertEquals(512L << 20, MemoryBudget.parseSize("k", "512m"));
        assertEquals(6 * GIB, MemoryBudget.parseSize("k", "6G"));
        assertEquals(6 * GIB, MemoryBudget.parseSize("k", "6GB"));
        assertEquals(3 * GIB / 2, MemoryBudget.parseSize("k", "1.5GiB"));
        assertEquals(64L << 10, MemoryBudget.parseSize("k", "64 KiB"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> MemoryBudget.parseSize("nightshift.worker.memory.budget", "lots"));
        assertTrue(bad.getMessage().contains("nightshift.worker.memory.budget"), bad.getMessage());
    }
}
