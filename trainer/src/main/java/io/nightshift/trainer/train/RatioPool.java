package io.nightshift.trainer.train;

import ai.djl.ndarray.types.Shape;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.trainer.data.Dihedral;
import io.nightshift.trainer.data.RatioSample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of ratio examples, made once, from which batches are drawn with a random flip or transpose per
 * thumb. A ratio example costs a whole unprocessed, noised frame (~30–90 ms here) while a ratio-CNN step on 32
 * thumbs costs a few tens of milliseconds, so fresh examples starve the CNN: with a pool it sees many more steps in
 * the same time, at the price of seeing each example (in eight orientations) several times.
 */
public final class RatioPool implements BatchSource {

    private final List<RatioSample> samples;
    private final int batchSize;
    private final long seed;

    private RatioPool(List<RatioSample> samples, int batchSize, long seed) {
        this.samples = List.copyOf(samples);
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Makes {@code size} examples of {@code data} on {@code threads} threads; example i depends only on i. */
    public static RatioPool make(SyntheticBatches data, int size, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<RatioSample>> futures = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                long index = i;
                futures.add(pool.submit(() -> data.ratioSample(data.random(index, 4))));
            }
            List<RatioSample> out = new ArrayList<>();
            for (Future<RatioSample> f : futures) {
                out.add(f.get());
            }
            return new RatioPool(out, data.batchSize(), data.seed());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the ratio pool", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("making a ratio example failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public int size() {
        return samples.size();
    }

    @Override
    public Batch batch(long index) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 5);
        int t = ContractV1.THUMB_CHANNELS * ContractV1.THUMB_SIZE * ContractV1.THUMB_SIZE;
        float[] x = new float[batchSize * t];
        float[] y = new float[batchSize];
        for (int i = 0; i < batchSize; i++) {
            RatioSample s = samples.get(random.nextInt(samples.size()));
            PlanarImage thumb = Dihedral.apply(s.thumb(), random.nextInt(Dihedral.COUNT));
            System.arraycopy(thumb.data(), 0, x, i * t, t);
            y[i] = (float) s.log2Ratio();
        }
        return new Batch(x, new Shape(batchSize, ContractV1.THUMB_CHANNELS, ContractV1.THUMB_SIZE, ContractV1.THUMB_SIZE),
                y, new Shape(batchSize, 1));
    }
}
