package io.nightshift.raw.cli;

import io.nightshift.raw.render.ImageFileWriter;
import io.nightshift.raw.render.OutputSpace;
import io.nightshift.raw.render.ReferenceRenderer;
import io.nightshift.raw.render.RenderOptions;
import io.nightshift.raw.render.RenderedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code render FILE OUT.png|OUT.tif [--gain G] [--half] [--linear]}: LibRaw's reference rendering. */
final class RenderCommand {

    private RenderCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        Path in = null;
        Path target = null;
        double gain = 1;
        boolean half = false;
        boolean linear = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--half" -> half = true;
                case "--linear" -> linear = true;
                case "--gain" -> {
                    if (i + 1 >= args.length) {
                        throw new RawCli.UsageException("render: --gain needs a value");
                    }
                    try {
                        gain = Double.parseDouble(args[++i]);
                    } catch (NumberFormatException e) {
                        throw new RawCli.UsageException("render: --gain needs a number, got '" + args[i] + "'");
                    }
                    if (!(gain > 0) || Double.isInfinite(gain)) {
                        throw new RawCli.UsageException("render: --gain must be positive");
                    }
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new RawCli.UsageException("render: unknown option '" + args[i] + "'");
                    } else if (in == null) {
                        in = Path.of(args[i]);
                    } else if (target == null) {
                        target = Path.of(args[i]);
                    } else {
                        throw new RawCli.UsageException("render: unexpected argument '" + args[i] + "'");
                    }
                }
            }
        }
        if (in == null || target == null) {
            throw new RawCli.UsageException("render: needs FILE and OUT.png|OUT.tif");
        }
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".tif") && !name.endsWith(".tiff")) {
            throw new RawCli.UsageException("render: OUT must end in .png, .tif or .tiff");
        }
        byte[] bytes = Files.readAllBytes(in);
        RenderOptions options = new RenderOptions(gain, half, linear ? OutputSpace.LINEAR_CAMERA : OutputSpace.SRGB);
        RenderedImage image;
        try (ReferenceRenderer renderer = new ReferenceRenderer()) {
            image = renderer.render(bytes, options);
        }
        ImageFileWriter.write(image, target);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("out", target.toString());
        fields.put("width", image.width());
        fields.put("height", image.height());
        fields.put("space", linear ? "linear_camera" : "srgb");
        fields.put("gain", gain);
        fields.put("half", half);
        fields.put("crop", new int[] {image.crop().x(), image.crop().y(), image.crop().width(), image.crop().height()});
        out.println(Json.object(fields));
        return 0;
    }
}
