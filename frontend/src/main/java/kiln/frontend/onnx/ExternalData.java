package kiln.frontend.onnx;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import kiln.frontend.onnx.OnnxException.Kind;
import kiln.frontend.onnx.proto.OnnxProtos.StringStringEntryProto;
import kiln.frontend.onnx.proto.OnnxProtos.TensorProto;

/**
 * Tensor data stored beside the model file ({@code data_location = EXTERNAL}). A model is untrusted input,
 * so the file a tensor names is confined to the model's folder: the location must be a relative path
 * without {@code ..} components, and once symbolic links are followed it must still lie inside the folder
 * (itself resolved). Each rule broken is its own clear error.
 */
final class ExternalData {
    private final Path folder;
    private final String source;

    /** {@code folder}: where the model file lies, or null when external data is not allowed. */
    ExternalData(Path folder, String source) {
        this.folder = folder;
        this.source = source;
    }

    /** The {@code length} bytes of the tensor's data, mapped read-only from its file. */
    MemorySegment read(TensorProto t, long length) {
        Map<String, String> entries = new HashMap<>();
        for (StringStringEntryProto e : t.getExternalDataList()) {
            entries.put(e.getKey(), e.getValue());
        }
        String location = entries.get("location");
        String what = "tensor '" + t.getName() + "'";
        if (location == null || location.isEmpty()) {
            throw error(what + " has external data without a location");
        }
        if (folder == null) {
            throw error(what + " has its data in the external file '" + location
                    + "', but the model was not read from a folder");
        }
        Path file = confined(what, location);
        long offset = number(entries, "offset", 0, what);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw error(what + ": cannot read the external data file '" + location + "': " + e.getMessage());
        }
        if (entries.containsKey("length") && number(entries, "length", 0, what) != length) {
            throw error(what + ": the external data length " + entries.get("length") + " does not match the "
                    + length + " bytes its type and shape need");
        }
        if (offset > size || size - offset < length) {
            throw error(what + ": the external data file '" + location + "' is " + size + " bytes, too short for "
                    + length + " bytes at offset " + offset);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // An automatic arena keeps the mapping alive as long as the tensor is reachable.
            return channel.map(FileChannel.MapMode.READ_ONLY, offset, length, Arena.ofAuto());
        } catch (IOException e) {
            throw error(what + ": cannot map the external data file '" + location + "': " + e.getMessage());
        }
    }

    private Path confined(String what, String location) {
        if (location.indexOf('\0') >= 0 || location.indexOf('\\') >= 0) {
            throw error(what + ": the external data location '" + location + "' contains a forbidden character");
        }
        Path relative;
        try {
            relative = Path.of(location);
        } catch (RuntimeException e) {
            throw error(what + ": the external data location '" + location + "' is not a valid path");
        }
        if (relative.isAbsolute() || location.startsWith("/")) {
            throw error(what + ": the external data location '" + location
                    + "' is an absolute path; it must be relative to the model's folder");
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw error(what + ": the external data location '" + location
                        + "' contains '..'; it must stay inside the model's folder");
            }
        }
        Path file = folder.resolve(relative);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw error(what + ": the external data file '" + location + "' does not exist next to the model");
        }
        try {
            Path realFolder = folder.toRealPath();
            Path real = file.toRealPath();
            if (!real.startsWith(realFolder)) {
                throw error(what + ": the external data location '" + location
                        + "' is a symbolic link that leads outside the model's folder");
            }
            if (!Files.isRegularFile(real)) {
                throw error(what + ": the external data location '" + location + "' is not a regular file");
            }
            return real;
        } catch (IOException e) {
            throw error(what + ": cannot resolve the external data file '" + location + "': " + e.getMessage());
        }
    }

    private long number(Map<String, String> entries, String key, long absent, String what) {
        String text = entries.get(key);
        if (text == null) {
            return absent;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(what + ": the external data " + key + " '" + text + "' is not a non-negative integer");
        }
    }

    private OnnxException error(String message) {
        return new OnnxException(source, Kind.EXTERNAL_DATA, message);
    }
}
