package io.nightshift.trainer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsThroughItsFile() throws IOException {
        Checkpoint c = checkpoint(1.5f, -2f, 3.25f);
        Path file = dir.resolve("c.params");
        c.write(file);
        Checkpoint back = Checkpoint.read(file);
        assertEquals(c.names(), back.names());
        for (int i = 0; i < c.values().size(); i++) {
            assertArrayEquals(c.values().get(i), back.values().get(i));
        }
        assertTrue(Files.notExists(dir.resolve("c.params.tmp")), "the temporary file was moved into place");
    }

    /** The mean of each value over the files, parameter by parameter, in the first file's order. */
    @Test
    void averagesCheckpointsElementWise() throws IOException {
        Path a = write("a", checkpoint(1f, 2f, 3f));
        Path b = write("b", checkpoint(3f, -2f, 0.5f));
        Path c = write("c", checkpoint(-1f, 9f, 1f));
        Checkpoint mean = Checkpoint.average(List.of(a, b, c));
        assertEquals(List.of("conv.weight", "bn.runningMean"), mean.names());
        assertArrayEquals(new float[] {1f, 3f, 1.5f, 1f}, mean.values().get(0), 1e-6f); // (1+3-1)/3, (2-2+9)/3, …
        assertArrayEquals(new float[] {2.5f}, mean.values().get(1), 1e-6f); // (0 + 0.5 + 7) / 3

        Checkpoint same = Checkpoint.average(List.of(a));
        assertArrayEquals(Checkpoint.read(a).values().get(0), same.values().get(0));
    }

    @Test
    void refusesCheckpointsOfAnotherNetwork() throws IOException {
        Path a = write("a", checkpoint(1f, 2f, 3f));
        Path wider = write("wider", new Checkpoint(List.of("conv.weight", "bn.runningMean"),
                List.of(new float[4], new float[2])));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.average(List.of(a, wider)));
        assertTrue(e.getMessage().contains(wider + ": parameter 1 is bn.runningMean [2]")
                && e.getMessage().contains("has bn.runningMean [1]"), e.getMessage());

        Path renamed = write("renamed", new Checkpoint(List.of("conv.weight", "bn.gamma"),
                List.of(new float[4], new float[1])));
        e = assertThrows(IOException.class, () -> Checkpoint.average(List.of(a, renamed)));
        assertTrue(e.getMessage().contains("parameter 1 is bn.gamma"), e.getMessage());

        Path shorter = write("shorter", new Checkpoint(List.of("conv.weight"), List.of(new float[4])));
        e = assertThrows(IOException.class, () -> Checkpoint.average(List.of(a, shorter)));
        assertTrue(e.getMessage().contains("holds 1 parameters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.average(List.of()));
    }

    /** Two parameters: a 4-value weight from the first three values and {@code first} again, and one running mean. */
    private static Checkpoint checkpoint(float first, float second, float third) {
        return new Checkpoint(List.of("conv.weight", "bn.runningMean"),
                List.of(new float[] {first, second, third, first}, new float[] {first + second - third}));
    }

    private Path write(String name, Checkpoint c) throws IOException {
        Path file = dir.resolve(name + ".params");
        c.write(file);
        return file;
    }
}
