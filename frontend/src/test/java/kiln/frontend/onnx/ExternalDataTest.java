package kiln.frontend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kiln.frontend.onnx.OnnxException.Kind;
import kiln.frontend.onnx.proto.OnnxProtos.StringStringEntryProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;
import kiln.ir.interp.ReferenceInterpreter;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External tensor data: read from beside the model, and confined to the model's folder. */
class ExternalDataTest {
    @TempDir
    Path dir;

    @Test
    void readsDataBesideTheModel() throws IOException {
        Path model = model(dir.resolve("m"), "data/w.bin", 8, true);
        OnnxModel m = OnnxImporter.read(model);
        assertArrayEquals(new float[] {1, 2, 3}, m.weights().get("w").toFloatArray());
        Tensor x = Tensor.ofFloats(new int[] {3}, 1, 1, 1);
        Tensor y = ReferenceInterpreter.run(m.graph(), m.weights(), Map.of("x", x)).get("y");
        assertArrayEquals(new float[] {2, 3, 4}, y.toFloatArray());
    }

    @Test
    void refusesAbsolutePaths() throws IOException {
        Path data = dir.resolve("elsewhere.bin");
        Files.write(data, floats(0, 1, 2, 3));
        assertRefused(model(dir.resolve("m"), data.toAbsolutePath().toString(), 0, false), "absolute path");
    }

    @Test
    void refusesParentComponents() throws IOException {
        Files.write(dir.resolve("outside.bin"), floats(1, 2, 3));
        assertRefused(model(dir.resolve("m"), "../outside.bin", 0, false), "'..'");
        assertRefused(model(dir.resolve("m"), "sub/../../outside.bin", 0, false), "'..'");
    }

    @Test
    void refusesLinksOutOfTheFolder() throws IOException {
        Path outside = dir.resolve("secret.bin");
        Files.write(outside, floats(1, 2, 3));
        Path folder = dir.resolve("m");
        Files.createDirectories(folder);
        Files.createSymbolicLink(folder.resolve("link.bin"), outside);
        assertRefused(model(folder, "link.bin", 0, false), "symbolic link");
    }

    @Test
    void reportsMissingAndShortFiles() throws IOException {
        assertRefused(model(dir.resolve("a"), "missing.bin", 0, false), "does not exist");
        Path folder = dir.resolve("b");
        Path m = model(folder, "w.bin", 0, true);
        Files.write(folder.resolve("w.bin"), new byte[5]);
        assertRefused(m, "too short");
    }

    private static void assertRefused(Path model, String words) {
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.read(model));
        assertEquals(Kind.EXTERNAL_DATA, e.problems().getFirst().kind(), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    /** A model computing {@code y = x + w} with w[3] stored at {@code location} (written when asked). */
    private static Path model(Path folder, String location, int offset, boolean writeData) throws IOException {
        Files.createDirectories(folder);
        if (writeData) {
            Path data = folder.resolve(location);
            Files.createDirectories(data.getParent());
            byte[] padded = new byte[offset + 12];
            System.arraycopy(floats(1, 2, 3), 0, padded, offset, 12);
            Files.write(data, padded);
        }
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(3)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", Integer.toString(offset)))
                .addExternalData(entry("length", "12")).build();
        var proto = new TestModels().input("x", 3).initializer(w)
                .node("add", "Add", List.of("x", "w"), List.of("y")).output("y").build();
        Path file = folder.resolve("model.onnx");
        Files.write(file, proto.toByteArray());
        return file;
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
