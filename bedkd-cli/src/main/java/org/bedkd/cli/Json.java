package org.bedkd.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * JSON output: pretty, atomic writes. A metric that does not apply ({@code NaN}: no held-out set, no trigger word) is
 * written as {@code null}, JSON's "no value", which any reader takes for what it is (a {@code "NaN"} string is not a
 * number to jq or pandas); it is read back as {@code NaN} into a primitive field, where Jackson would make it 0.0.
 * Files written before read as they did: a {@code "NaN"} string still parses.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            // infinities (an unbounded punish loss in a config) have no JSON form either: strings, as before
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).addModule(notANumberAsNull()).build();

    private Json() {
    }

    private static SimpleModule notANumberAsNull() {
        SimpleModule m = new SimpleModule("nan-as-null");
        m.addSerializer(Double.class, new NanAsNull<>(Double.class));
        m.addSerializer(Double.TYPE, new NanAsNull<>(Double.TYPE));
        m.addSerializer(Float.class, new NanAsNull<>(Float.class));
        m.addSerializer(Float.TYPE, new NanAsNull<>(Float.TYPE));
        m.addDeserializer(Double.TYPE, new NumberDeserializers.DoubleDeserializer(Double.TYPE, Double.NaN));
        m.addDeserializer(Float.TYPE, new NumberDeserializers.FloatDeserializer(Float.TYPE, Float.NaN));
        return m;
    }

    /** A double or float, {@code null} where it is NaN. */
    private static final class NanAsNull<T extends Number> extends StdSerializer<T> {

        NanAsNull(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isNaN(value.doubleValue())) {
                gen.writeNull();
            } else if (value instanceof Float f) {
                gen.writeNumber(f);
            } else {
                gen.writeNumber(value.doubleValue());
            }
        }
    }

    static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
