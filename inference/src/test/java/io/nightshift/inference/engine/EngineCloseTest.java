package io.nightshift.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.registry.RandomModelSet;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing never frees a session under a running engine thread: {@link InferenceEngine#close} waits for the run in
 * progress, and a close that cannot wait that long leaves the release to the end of the run. Before, the engine
 * closed the ONNX Runtime session at once, under the thread still running it (a use after free in native code:
 * a wrong result, an error or a crash of the process).
 */
class EngineCloseTest {

    private static volatile long runEndedAt;

    /** A frame large enough for the narrow U-Net to take a good part of a second on one thread. */
    private static PlanarImage bigFrame() {
        PlanarImage packed = PlanarImage.zeros(ContractV1.PACKED_CHANNELS, 1536, 1536);
        java.util.Arrays.fill(packed.data(), 0.1f);
        return packed;
    }

    private static Thread running(EnhancerSession enhancer, CountDownLatch started, AtomicReference<PlanarImage> out,
                                  AtomicReference<Throwable> failure, CountDownLatch ended) {
        PlanarImage frame = bigFrame();
        Thread t = new Thread(() -> {
            try {
                started.countDown();
                out.set(enhancer.run(frame));
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                runEndedAt = System.nanoTime();
                ended.countDown();
            }
        }, "engine-under-test");
        t.start();
        return t;
    }

    @Test
    void closingTheEngineWaitsForTheRunInProgress() throws Exception {
        InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1));
        EnhancerSession enhancer = engine.loadEnhancer(RandomModelSet.enhancer(7));
        long before = System.nanoTime();
        PlanarImage reference = enhancer.run(bigFrame());
        long runMillis = (System.nanoTime() - before) / 1_000_000;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        AtomicReference<PlanarImage> out = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = running(enhancer, started, out, failure, ended);
        started.await();
        Thread.sleep(100); // inside ONNX Runtime's run by now

        engine.close();
        long closeReturnedAt = System.nanoTime();
        t.join(60_000);
        assertNull(failure.get(), () -> "the run failed: " + failure.get());
        long runEndedAfterClose = (runEndedAt - closeReturnedAt) / 1_000_000;
        assertTrue(runEndedAfterClose < 200, "close returned only once the run in progress had ended (the run ended "
                + runEndedAfterClose + " ms after close returned; a run takes " + runMillis + " ms)");
        assertTrue(java.util.Arrays.equals(reference.data(), out.get().data()), "the run's result is intact");
        assertTrue(enhancer.isReleased());
        assertEquals(0, engine.openSessions());
        assertThrows(IllegalStateException.class, () -> enhancer.run(bigFrame()), "a closed session runs no more");
    }

    @Test
    void aCloseThatCannotWaitLeavesTheReleaseToTheEndOfTheRun() throws Exception {
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1))) {
            EnhancerSession enhancer = engine.loadEnhancer(RandomModelSet.enhancer(8));
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch ended = new CountDownLatch(1);
            AtomicReference<PlanarImage> out = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = running(enhancer, started, out, failure, ended);
            started.await();
            Thread.sleep(100);

            boolean releasedNow = enhancer.close(Duration.ZERO);
            boolean stillRunning = ended.getCount() > 0;
            assertTrue(enhancer.isClosed(), "no new run starts");
            assertTrue(ended.await(60, TimeUnit.SECONDS));
            t.join();
            if (stillRunning) {
                assertFalse(releasedNow, "not released under the running thread");
            }
            assertNull(failure.get(), () -> "the run failed: " + failure.get());
            assertTrue(enhancer.isReleased(), "released by the end of the last run");
        }
    }
}
