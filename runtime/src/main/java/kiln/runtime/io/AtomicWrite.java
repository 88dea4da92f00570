package kiln.runtime.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a prefix:
 * the bytes go to a temporary file in the same folder (so the final rename stays on one file system),
 * are flushed to disk, and the temporary file is then renamed over the target. On any failure the
 * temporary file is removed and the target is left as it was.
 */
final class AtomicWrite {
    private static final int CHUNK = 1 << 20;

    private AtomicWrite() {
    }

    /** Produces the file's bytes. */
    @FunctionalInterface
    interface Body {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    static void write(Path target, Body body) throws TensorFileException {
        Path absolute = target.toAbsolutePath();
        Path temp = null;
        try {
            temp = createTemp(absolute);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                body.writeTo(out);
                out.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (TensorFileException e) {
            throw e;
        } catch (IOException e) {
            // A RuntimeException (say, a tensor whose memory was already freed) is the caller's bug and
            // passes through unchanged; the finally block still removes the temporary file.
            throw new TensorFileException(TensorFileException.Kind.IO_ERROR, target, "cannot write: " + describe(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write already failed; that error is the one worth reporting.
                }
            }
        }
    }

    /**
     * Creates the temporary file with default permissions: {@link Files#createTempFile} would make it
     * owner-only, and the rename would carry that surprise over to the result.
     */
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.getParent();
        String stem = "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createFile(dir.resolve(stem + attempt + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 1000) {
                    throw e;
                }
            }
        }
    }

    /** Copies a segment of any kind (heap arrays of any type, native, mapped) to a channel in chunks. */
    static void copy(MemorySegment data, WritableByteChannel out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(1, data.byteSize()))];
        MemorySegment bufferSegment = MemorySegment.ofArray(buffer);
        for (long offset = 0; offset < data.byteSize(); offset += buffer.length) {
            int n = (int) Math.min(buffer.length, data.byteSize() - offset);
            MemorySegment.copy(data, offset, bufferSegment, 0, n);
            writeFully(ByteBuffer.wrap(buffer, 0, n), out);
        }
    }

    static void writeFully(ByteBuffer bytes, WritableByteChannel out) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** One line for an I/O failure; the JDK's own messages are often just the path. */
    static String describe(Exception e) {
        return switch (e) {
            case NoSuchFileException n -> "no such file or folder";
            case AccessDeniedException a -> "permission denied";
            case FileAlreadyExistsException f -> "a file is in the way: " + f.getFile();
            default -> e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("");
        };
    }
}
