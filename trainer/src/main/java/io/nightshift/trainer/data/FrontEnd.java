package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.render.ReferenceRenderer;
import io.nightshift.raw.render.RenderOptions;
import io.nightshift.raw.render.RenderedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small conversions between the RAW front end's types and the contract's. */
final class FrontEnd {

    private FrontEnd() {
    }

    /** LibRaw's linear white-balanced camera RGB over the packing crop, {@code [3, H, W]} in [0, 1]. */
    static PlanarImage linearTarget(ReferenceRenderer renderer, byte[] file) {
        RenderedImage image = renderer.render(file, RenderOptions.linear());
        int h = image.height();
        int w = image.width();
        PlanarImage out = PlanarImage.zeros(3, h, w);
        float[] d = out.data();
        short[] rgb = image.rgb();
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                d[c * plane + i] = (rgb[3 * i + c] & 0xFFFF) / 65535f;
            }
        }
        return out;
    }

    /** The packed frame as a contract image (a copy: the front end's arrays may be reused). */
    static PlanarImage packed(PackedRaw packed) {
        return new PlanarImage(packed.data().clone(), 4, packed.height(), packed.width());
    }

    static WhiteBalance whiteBalance(io.nightshift.raw.WhiteBalance wb) {
        return new WhiteBalance(wb.r(), wb.g1(), wb.b());
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
