package kiln.cli.compile;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A jar whose bytes depend only on its entries: the manifest first (as {@code java -jar} and
 * {@code JarInputStream} expect), then every other entry in name order, each with the same fixed timestamp,
 * no extra fields and no directory entries. Entries are deflated except those added as stored, which are
 * written as they are (so a reader can stream them without inflating).
 */
final class DeterministicJar {
    /** Every entry's time: the DOS epoch's first whole month, as reproducible builds use. */
    static final LocalDateTime TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    /** Writes the bytes of a stored entry. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private record Entry(Body body, boolean stored) {
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    void add(String name, byte[] bytes) {
        put(name, new Entry(out -> out.write(bytes), false));
    }

    /** An entry written uncompressed; {@code body} is called twice (for its checksum, then to write it). */
    void addStored(String name, Body body) {
        put(name, new Entry(body, true));
    }

    private void put(String name, Entry e) {
        if (entries.put(name, e) != null) {
            throw new IllegalArgumentException("two jar entries named " + name);
        }
    }

    void writeTo(OutputStream target) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(target)) {
            Entry manifest = entries.get(JarFile.MANIFEST_NAME);
            if (manifest != null) {
                write(zip, JarFile.MANIFEST_NAME, manifest);
            }
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                if (!e.getKey().equals(JarFile.MANIFEST_NAME)) {
                    write(zip, e.getKey(), e.getValue());
                }
            }
        }
    }

    private static void write(ZipOutputStream zip, String name, Entry e) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(TIME);
        if (e.stored()) {
            CRC32 crc = new CRC32();
            CheckedOutputStream counter = new CheckedOutputStream(OutputStream.nullOutputStream(), crc);
            long[] size = {0};
            e.body().writeTo(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    counter.write(b);
                    size[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    counter.write(b, off, len);
                    size[0] += len;
                }
            });
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(size[0]);
            entry.setCompressedSize(size[0]);
            entry.setCrc(crc.getValue());
        } else {
            entry.setMethod(ZipEntry.DEFLATED);
        }
        zip.putNextEntry(entry);
        e.body().writeTo(zip);
        zip.closeEntry();
    }
}
