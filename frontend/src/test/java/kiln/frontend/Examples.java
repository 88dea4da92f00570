package kiln.frontend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed models in {@code examples/}, with the output shape each documents (at batch 1). */
final class Examples {
    static final Map<String, int[]> OUTPUT_SHAPES = shapes();

    private Examples() {
    }

    private static Map<String, int[]> shapes() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("affnet_mixer", new int[] {1, 128, 28, 28});
        m.put("convfirst_block", new int[] {1, 96, 56, 56});
        m.put("convformer_block", new int[] {1, 56, 56, 64});
        m.put("convnext_block", new int[] {1, 96, 56, 56});
        m.put("dcls_block", new int[] {1, 96, 56, 56});
        m.put("hyena_longconv", new int[] {1, 64, 4096});
        m.put("inceptionnext_block", new int[] {1, 96, 56, 56});
        m.put("inceptionnext_t", new int[] {1, 1000});
        m.put("osnet", new int[] {1, 256, 64, 32});
        m.put("osnet_ibn_x1_0", new int[] {1, 512});
        m.put("osnet_x0_25", new int[] {1, 512});
        m.put("osnet_x1_0", new int[] {1, 512});
        m.put("resnet_bottleneck", new int[] {1, 256, 56, 56});
        m.put("sgconv", new int[] {1, 64, 4096});
        m.put("unireplknet_block", new int[] {1, 160, 28, 28});
        return m;
    }

    static Path dir() {
        return Goldens.root().resolve("examples");
    }

    static List<Path> files() throws IOException {
        return Goldens.files(dir(), ".kiln");
    }

    static String name(Path file) {
        return file.getFileName().toString().replaceFirst("\\.kiln$", "");
    }
}
