package org.bedkd.model.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.model.CheckpointException;
import org.bedkd.model.Tensor;

/**
 * The safetensors format (what {@code save_pretrained} writes): an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to its dtype, shape and byte range, then the raw little-endian tensor bytes. Reading checks
 * the header as untrusted input: ranges must lie in the file, must not overlap, must cover the data section without
 * holes (as the format requires) and must hold exactly shape × dtype bytes. F32, F16 and BF16 tensors are widened to
 * float32; integer buffers (e.g. {@code position_ids}) are reported but carry no weights.
 */
public final class SafeTensors {

    /** transformers' own limit on the header. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {
    }

    /** What a file holds: float tensors by name, and the names of the non-float buffers it also held. */
    public record Contents(Map<String, Tensor> tensors, List<String> nonFloat, Map<String, String> metadata) {
    }

    public static Contents read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "is " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long headerBytes = len.flip().getLong();
            if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES || 8 + headerBytes > size) {
                throw bad(file, "declares a header of " + headerBytes + " bytes in a file of " + size
                        + " (truncated, or not safetensors)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerBytes);
            readFully(ch, header, 8);
            JsonNode root;
            try {
                root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8).strip());
            } catch (JsonProcessingException e) {
                throw bad(file, "has a header that is not JSON: " + e.getOriginalMessage());
            }
            if (root == null || !root.isObject()) {
                throw bad(file, "has a header that is not a JSON object");
            }
            long dataStart = 8 + headerBytes;
            long dataBytes = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                entries.add(Entry.parse(file, f.getKey(), f.getValue(), dataBytes));
            }
            // The format forbids holes and overlaps: sorted by start, each range begins where the last one ended.
            entries.sort(Comparator.comparingLong(Entry::begin));
            long expected = 0;
            for (Entry e : entries) {
                if (e.begin() != expected) {
                    throw bad(file, "tensor '" + e.name() + "' starts at byte " + e.begin() + " of the data, expected "
                            + expected + " (overlapping or non-contiguous offsets)");
                }
                expected = e.end();
            }
            if (expected != dataBytes) {
                throw bad(file, "has " + dataBytes + " data bytes but its tensors cover " + expected);
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            List<String> nonFloat = new ArrayList<>();
            entries.sort(Comparator.comparing(Entry::name));
            for (Entry e : entries) {
                if (!e.dtype().isFloat()) {
                    nonFloat.add(e.name());
                    continue;
                }
                ByteBuffer raw = ByteBuffer.allocate(Math.toIntExact(e.end() - e.begin()));
                readFully(ch, raw, dataStart + e.begin());
                tensors.put(e.name(), new Tensor(e.shape(), e.dtype().toFloats(raw.flip())));
            }
            return new Contents(tensors, nonFloat, metadata);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes float32 tensors (sorted by name, as the Python writer does) with optional string metadata. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        List<String> names = tensors.keySet().stream().sorted().toList();
        long offset = 0;
        for (String name : names) {
            Tensor t = tensors.get(name);
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long bytes = (long) t.data().length * Float.BYTES;
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        // Pad the header with spaces to a multiple of 8, so the data section stays aligned (as the reference does).
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[padded];
        java.util.Arrays.fill(head, (byte) ' ');
        System.arraycopy(json, 0, head, 0, json.length);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(head);
            for (String name : names) {
                float[] data = tensors.get(name).data();
                ByteBuffer buf = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(data);
                out.write(buf.array());
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }

    static CheckpointException bad(Path file, String what) {
        return new CheckpointException(file + " " + what);
    }

    /** Element types of the format, with their widths. */
    enum DType {
        F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        boolean isFloat() {
            return this == F32 || this == F16 || this == BF16;
        }

        float[] toFloats(ByteBuffer raw) {
            raw.order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[raw.remaining() / bytes];
            switch (this) {
                case F32 -> raw.asFloatBuffer().get(out);
                case F16 -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = halfToFloat(raw.getShort());
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Float.intBitsToFloat((raw.getShort() & 0xffff) << 16);
                    }
                }
                default -> throw new IllegalStateException(this + " is not a float type");
            }
            return out;
        }
    }

    /** IEEE 754 binary16 to float (Java 17 lacks Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {

        static Entry parse(Path file, String name, JsonNode node, long dataBytes) {
            String where = "tensor '" + name + "'";
            if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
                    || !node.path("data_offsets").isArray() || node.path("data_offsets").size() != 2) {
                throw bad(file, "has a malformed header entry for " + where);
            }
            DType dtype;
            try {
                dtype = DType.valueOf(node.get("dtype").asText());
            } catch (IllegalArgumentException e) {
                throw bad(file, where + " has unsupported dtype " + node.get("dtype").asText());
            }
            JsonNode dims = node.get("shape");
            long[] shape = new long[dims.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!dims.get(i).canConvertToLong() || dims.get(i).asLong() < 0) {
                    throw bad(file, where + " has an invalid shape " + dims);
                }
                shape[i] = dims.get(i).asLong();
                elements = shape[i] > Integer.MAX_VALUE || elements > Integer.MAX_VALUE ? Long.MAX_VALUE
                        : elements * shape[i];
            }
            long begin = node.get("data_offsets").get(0).asLong(-1);
            long end = node.get("data_offsets").get(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataBytes) {
                throw bad(file, where + " has data offsets [" + begin + ", " + end + "] outside the " + dataBytes
                        + " data bytes (truncated file, or a header that lies)");
            }
            if (elements > Integer.MAX_VALUE) {
                throw bad(file, where + " of shape " + dims + " is too large");
            }
            if (elements * dtype.bytes != end - begin) {
                throw bad(file, where + " of shape " + dims + " and dtype " + dtype + " needs "
                        + elements * dtype.bytes + " bytes, its offsets give " + (end - begin));
            }
            return new Entry(name, dtype, shape, begin, end);
        }
    }
}
