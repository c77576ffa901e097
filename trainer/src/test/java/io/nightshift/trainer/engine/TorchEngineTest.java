package io.nightshift.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TorchEngineTest {

    @Test
    void startsOfflineFromTheClasspathNativesAndComputes() throws Exception {
        Engine engine = TorchEngine.get();
        assertEquals(TorchEngine.NAME, engine.getEngineName());
        assertEquals("true", System.getProperty("ai.djl.offline"));
        try (NDManager manager = engine.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            assertArrayEquals(new float[] {7, 10, 15, 22}, a.matMul(a).toFloatArray());
        }
        try (var files = Files.walk(TorchEngine.cacheDir())) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("libtorch")),
                    "natives extracted under " + TorchEngine.cacheDir());
        }
    }
}
