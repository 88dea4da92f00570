package kiln.codegen.cpu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiled classes on disk, one file per content hash: {@code <hash>.classes} holding a magic number, then
 * per class its binary name, length and bytes. A file is written to a temporary name and moved into place,
 * so readers never see half of one; a file that does not parse is treated as absent (and recompiled).
 */
final class ClassCache {
    private static final int MAGIC = 0x4b4c4e31; // "KLN1"
    private final Path dir;

    ClassCache(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The classes stored under {@code key}, or null. */
    Map<String, byte[]> read(String key) {
        Path file = dir.resolve(key + ".classes");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != MAGIC) {
                return null;
            }
            int count = in.readInt();
            Map<String, byte[]> classes = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                classes.put(name, bytes);
            }
            return in.read() == -1 && count > 0 ? classes : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stores {@code classes} under {@code key}; a cache that cannot be written is skipped silently. */
    void write(String key, Map<String, byte[]> classes) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeInt(classes.size());
                for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    out.write(e.getValue());
                }
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            try {
                Files.write(tmp, bytes.toByteArray());
                try {
                    Files.move(tmp, dir.resolve(key + ".classes"), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir.resolve(key + ".classes"), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // A cache is an optimisation: compiling again next time is correct.
        }
    }
}
