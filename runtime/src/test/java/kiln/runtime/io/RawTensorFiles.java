package kiln.runtime.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds tensor-file bytes by hand, so tests can say exactly which byte is wrong. */
final class RawTensorFiles {
    private RawTensorFiles() {
    }

    /** A .npy file: magic, version, length field (2 bytes for major 1, else 4), header text as Latin-1, data. */
    static byte[] npy(int major, int minor, String header, byte[] data) {
        return npy(major, minor, header.getBytes(StandardCharsets.ISO_8859_1), data);
    }

    static byte[] npy(int major, int minor, byte[] header, byte[] data) {
        int lengthField = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthField + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        if (lengthField == 2) {
            b.putShort((short) header.length);
        } else {
            b.putInt(header.length);
        }
        return b.put(header).put(data).array();
    }

    /** A version 1.0 header dict padded like numpy's, for the given descr and shape text. */
    static String npyHeader(String descr, String fortranOrder, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + fortranOrder + ", 'shape': " + shape + ", }";
        return padNpy(dict);
    }

    /** Pads a dict with spaces and a newline so the data starts at a multiple of 64 (version 1.0). */
    static String padNpy(String dict) {
        int total = 10 + dict.length() + 1;
        return dict + " ".repeat((64 - total % 64) % 64) + "\n";
    }

    /** A safetensors file whose header length field is the true length of {@code headerJson}. */
    static byte[] safetensors(String headerJson, byte[] data) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        return safetensors(header.length, header, data);
    }

    /** A safetensors file with an arbitrary (possibly lying) header length field. */
    static byte[] safetensors(long declaredLength, byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declaredLength).put(header).put(data).array();
    }

    static byte[] littleEndianFloats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}
