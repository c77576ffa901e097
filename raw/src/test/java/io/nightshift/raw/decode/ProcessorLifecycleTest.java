package io.nightshift.raw.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nightshift.raw.Samples;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One reused processor per thread; every processor closed once; closing twice is harmless. */
class ProcessorLifecycleTest {

    @Test
    void oneProcessorPerThreadReused() throws Exception {
        byte[] nef = Samples.bytes(Samples.NIKON_D1);
        ProcessorPool pool = new ProcessorPool();
        RawDecoder decoder = new RawDecoder(pool, DecodeLimits.defaults());
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> widths = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                widths.add(threads.submit(() -> decoder.decode(nef).width()));
            }
            for (Future<Integer> width : widths) {
                assertEquals(2012, width.get());
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(3, pool.size(), "one processor for each of the three threads, reused");
        pool.close();
        pool.close();
        assertEquals(0, pool.size());
        assertThrows(IllegalStateException.class, () -> decoder.decode(nef));
    }

    @Test
    void processorCloseIsIdempotent() {
        LibRawProcessor processor = new LibRawProcessor();
        processor.close();
        processor.close();
        assertThrows(IllegalStateException.class, processor::unpack);
    }

    @Test
    void directBufferDecodesInPlace() {
        byte[] nef = Samples.bytes(Samples.NIKON_D1);
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(nef.length).put(nef).flip();
        try (RawDecoder decoder = new RawDecoder()) {
            assertEquals(decoder.decode(nef).plane().get(100, 100), decoder.decode(direct).plane().get(100, 100));
            assertEquals(nef.length, direct.remaining(), "the caller's buffer is left as it was");
        }
    }
}
