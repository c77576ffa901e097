package io.nightshift.inference.post;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.render.OutputSpace;
import io.nightshift.raw.render.ReferenceRenderer;
import io.nightshift.raw.render.RenderOptions;
import io.nightshift.raw.render.RenderedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract's post-processing, applied to the RAW front end's linear white-balanced camera RGB (the
 * network's training target), gives LibRaw's own sRGB rendering of the same file at gain 1. This ties the
 * trainer's targets, the worker's output and the classical baseline to one colour pipeline.
 *
 * <p>Tolerance: both sides are quantised to 16 bits, and the sRGB curve's slope (up to 12.92 near black)
 * magnifies one linear 16-bit step to about 13 output steps in the darkest tones; LibRaw also rounds its
 * matrix product to integers. Measured on the three samples: at most 0.053 of an 8-bit level (about 14
 * 16-bit steps). The bound is a tenth of an 8-bit level per value and 0.02 of a level on average.
 */
class PostProcessingMatchesLibRawTest {
    private static final Path SAMPLES = Path.of(System.getProperty("nightshift.home", "."))
            .resolve("../shared/raw-samples").normalize();

    @ParameterizedTest
    @ValueSource(strings = {"RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW", "RAW_KODAK_DC50.KDC"})
    void linearRenderingPostProcessedEqualsLibRawsSrgb(String name) throws IOException {
        Path file = SAMPLES.resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("real RAW sample missing: " + file + " (../shared/raw-samples must be beside the checkout)");
        }
        byte[] bytes = Files.readAllBytes(file);
        DecodedRaw raw;
        try (RawDecoder decoder = new RawDecoder()) {
            raw = decoder.decode(bytes);
        }
        RenderedImage linear;
        RenderedImage srgb;
        try (ReferenceRenderer renderer = new ReferenceRenderer()) {
            linear = renderer.render(bytes, RenderOptions.linear());
            srgb = renderer.render(bytes, RenderOptions.srgb());
        }
        assertEquals(OutputSpace.LINEAR_CAMERA, linear.space());
        assertEquals(linear.width(), srgb.width());
        assertEquals(linear.height(), srgb.height());

        int w = linear.width();
        int h = linear.height();
        PlanarImage input = PlanarImage.zeros(3, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    input.set(c, y, x, linear.get(x, y, c) / 65535f);
                }
            }
        }
        PlanarImage ours = PostProcessor.colourOnly(ColorMatrix.of(raw.cameraToSrgb().rowMajor()), w, h).apply(input);

        double maxDiff = 0;
        double sumDiff = 0;
        double sumLuma = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double theirs = srgb.get(x, y, c) / 65535.0;
                    double diff = Math.abs(ours.get(c, y, x) - theirs);
                    maxDiff = Math.max(maxDiff, diff);
                    sumDiff += diff;
                    sumLuma += theirs;
                }
            }
        }
        double count = 3.0 * w * h;
        assertTrue(sumLuma / count > 0.05, "the rendering is not a real photograph (mean " + sumLuma / count + ")");
        assertTrue(maxDiff <= 0.1 / 255.0, name + ": max difference " + maxDiff * 255 + " 8-bit levels");
        assertTrue(sumDiff / count <= 0.02 / 255.0, name + ": mean difference " + sumDiff / count * 255 + " 8-bit levels");
    }
}
