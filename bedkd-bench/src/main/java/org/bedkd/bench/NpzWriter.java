package org.bedkd.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes NumPy's {@code .npz} (a zip of {@code .npy} files, format 1.0), so the PyTorch reference reads the exact
 * weights and inputs with {@code numpy.load} instead of a format of ours.
 */
final class NpzWriter implements AutoCloseable {

    private final ZipOutputStream zip;

    NpzWriter(Path file) {
        try {
            zip = new ZipOutputStream(Files.newOutputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void floats(String name, long[] shape, float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        entry(name, "<f4", shape, b.array());
    }

    void longs(String name, long[] shape, long[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(data);
        entry(name, "<i8", shape, b.array());
    }

    /** A UTF-8 text as a uint8 vector. */
    void text(String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        entry(name, "|u1", new long[] {bytes.length}, bytes);
    }

    private void entry(String name, String dtype, long[] shape, byte[] data) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims
                + (shape.length == 1 ? "," : "") + "), }";
        // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
        int unpadded = 10 + header.length() + 1;
        header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        try {
            zip.putNextEntry(new ZipEntry(name + ".npy"));
            OutputStream out = zip;
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int len = header.length();
            out.write(new byte[] {(byte) (len & 0xff), (byte) (len >> 8)});
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write npz entry " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
