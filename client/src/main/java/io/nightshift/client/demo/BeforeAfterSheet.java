package io.nightshift.client.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * One picture of what the fleet did: a row per image, its plain rendering (before, left) beside the enhanced
 * result (after, right), each scaled to a fixed width, from the worker's JPEG previews. No text: fonts are not
 * guaranteed on a headless server, and the demo prints what each row is.
 */
public final class BeforeAfterSheet {
    /** A row: the two previews' JPEG bytes. */
    public record Row(byte[] before, byte[] after) {
    }

    private static final int GAP = 4;

    private BeforeAfterSheet() {
    }

    /** The sheet as a JPEG, each side {@code sideWidth} pixels wide. */
    public static byte[] jpeg(List<Row> rows, int sideWidth) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows");
        }
        List<BufferedImage[]> images = rows.stream().map(r -> new BufferedImage[] {read(r.before()), read(r.after())}).toList();
        int height = GAP;
        for (BufferedImage[] pair : images) {
            height += scaledHeight(pair[0], sideWidth) + GAP;
        }
        BufferedImage sheet = new BufferedImage(2 * sideWidth + 3 * GAP, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            int y = GAP;
            for (BufferedImage[] pair : images) {
                int h = scaledHeight(pair[0], sideWidth);
                g.drawImage(pair[0], GAP, y, sideWidth, h, null);
                g.drawImage(pair[1], 2 * GAP + sideWidth, y, sideWidth, h, null);
                y += h + GAP;
            }
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(sheet, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int scaledHeight(BufferedImage image, int width) {
        return Math.max(1, Math.round((float) image.getHeight() * width / image.getWidth()));
    }

    private static BufferedImage read(byte[] jpeg) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (image == null) {
                throw new IllegalArgumentException("a preview is not a readable image");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
