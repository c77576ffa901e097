package io.nightshift.trainer.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A checkpoint file: every parameter of a network (batch norm's running statistics included) by name, in the
 * network's order. On disk: {@code int count}, then per parameter its UTF name, {@code int length} and the floats.
 *
 * @param names  parameter names, in order
 * @param values each parameter's values, flattened
 */
public record Checkpoint(List<String> names, List<float[]> values) {

    public Checkpoint {
        if (names.size() != values.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + values.size() + " parameters");
        }
        names = List.copyOf(names);
        values = List.copyOf(values);
    }

    public static Checkpoint read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            List<String> names = new ArrayList<>(n);
            List<float[]> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                names.add(in.readUTF());
                float[] v = new float[in.readInt()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat();
                }
                values.add(v);
            }
            return new Checkpoint(names, values);
        }
    }

    /**
     * The element-wise mean of checkpoints of one network (a checkpoint average: of one run's checkpoints along
     * its low-learning-rate tail, or of fine-tuning runs from one start, which share a basin). Averaged in double.
     *
     * @throws IOException when a file cannot be read or does not hold the first one's parameters (names, sizes)
     */
    public static Checkpoint average(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no checkpoints to average");
        }
        Checkpoint first = read(files.get(0));
        List<double[]> sums = new ArrayList<>();
        for (float[] v : first.values) {
            sums.add(new double[v.length]);
        }
        for (Path file : files) {
            Checkpoint c = file.equals(files.get(0)) ? first : read(file);
            c.requireLayout(file, first.names, first.sizes(), files.get(0).toString());
            for (int i = 0; i < c.names.size(); i++) {
                float[] v = c.values.get(i);
                double[] s = sums.get(i);
                for (int k = 0; k < v.length; k++) {
                    s[k] += v[k];
                }
            }
        }
        List<float[]> means = new ArrayList<>(sums.size());
        for (double[] s : sums) {
            float[] m = new float[s.length];
            for (int k = 0; k < s.length; k++) {
                m[k] = (float) (s[k] / files.size());
            }
            means.add(m);
        }
        return new Checkpoint(first.names, means);
    }

    /**
     * Throws unless this checkpoint, read from {@code file}, holds parameters named {@code names} with {@code sizes}
     * values each, in that order; {@code holder} says whose they are ("the network", the first file of an average).
     */
    void requireLayout(Path file, List<String> names, long[] sizes, String holder) throws IOException {
        if (this.names.size() != names.size()) {
            throw new IOException(file + " holds " + this.names.size() + " parameters, " + holder + " has "
                    + names.size());
        }
        for (int i = 0; i < names.size(); i++) {
            if (!this.names.get(i).equals(names.get(i)) || values.get(i).length != sizes[i]) {
                throw new IOException(file + ": parameter " + i + " is " + this.names.get(i) + " ["
                        + values.get(i).length + "], " + holder + " has " + names.get(i) + " [" + sizes[i] + "]");
            }
        }
    }

    private long[] sizes() {
        return values.stream().mapToLong(v -> v.length).toArray();
    }

    /** Written to a temporary file and moved into place, so a crash never leaves a half-written checkpoint. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(names.size());
            for (int i = 0; i < names.size(); i++) {
                out.writeUTF(names.get(i));
                out.writeInt(values.get(i).length);
                for (float v : values.get(i)) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
