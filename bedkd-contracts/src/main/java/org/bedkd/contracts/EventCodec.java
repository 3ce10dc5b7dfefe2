package org.bedkd.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * JSON encoding of envelopes and payloads. Decoding is strict about what matters (envelope shape, known type, schema
 * major version, payload shape) and lenient about the rest (unknown fields of newer minor versions are ignored).
 */
public final class EventCodec {

    /** The mapper every service uses for events: ISO-8601 times, unknown fields ignored. */
    public static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private EventCodec() {
    }

    /** Wraps {@code payload} in a new envelope with a fresh id. */
    public static Envelope wrap(String source, String subject, Object payload) {
        return wrap(UUID.randomUUID().toString(), source, subject, payload);
    }

    /**
     * Wraps {@code payload} in an envelope whose id is derived from {@code causes} (e.g. the input event's id and the
     * processing step): re-processing a redelivered input yields the same id, so consumers drop the copy as they drop
     * any redelivered event.
     */
    public static Envelope wrapDerived(String source, String subject, Object payload, String... causes) {
        String id = UUID.nameUUIDFromBytes(String.join("\u0000", causes).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        return wrap(id, source, subject, payload);
    }

    private static Envelope wrap(String id, String source, String subject, Object payload) {
        String type = EventTypes.typeOf(payload.getClass());
        return new Envelope(Envelope.SPEC_VERSION, id, type, source, Instant.now(), subject, Envelope.schemaUri(type),
                MAPPER.valueToTree(payload));
    }

    public static byte[] encode(Envelope envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event " + envelope.type(), e);
        }
    }

    /**
     * Reads an envelope and checks its shape and schema version.
     *
     * @throws InvalidEventException when the bytes are not a usable envelope
     */
    public static Envelope decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidEventException("empty message");
        }
        Envelope e;
        try {
            e = MAPPER.readValue(bytes, Envelope.class);
        } catch (IOException ex) {
            throw new InvalidEventException("not a JSON event envelope: " + ex.getMessage());
        }
        return check(e);
    }

    /** Checks what every event needs: id, type and data, a known type and the supported schema major version. */
    static Envelope check(Envelope e) {
        if (e.id() == null || e.type() == null || e.data() == null || e.data().isNull()) {
            throw new InvalidEventException("envelope lacks id, type or data");
        }
        if (!EventTypes.PAYLOADS.containsKey(e.type())) {
            throw new InvalidEventException("unknown event type '" + e.type() + "'");
        }
        int major = e.schemaMajor();
        int supported = Integer.parseInt(Envelope.SCHEMA_VERSION.substring(0, Envelope.SCHEMA_VERSION.indexOf('.')));
        if (major != supported) {
            throw new InvalidEventException("unsupported schema version '" + e.dataschema() + "' of " + e.type()
                    + " (this build reads " + supported + ".x)");
        }
        return e;
    }

    /** The payload of {@code envelope} as {@code type}, which must match the envelope's type. */
    public static <T> T payload(Envelope envelope, Class<T> type) {
        Class<?> expected = EventTypes.PAYLOADS.get(envelope.type());
        if (!type.equals(expected)) {
            throw new InvalidEventException("expected " + EventTypes.typeOf(type) + ", got " + envelope.type());
        }
        try {
            return MAPPER.treeToValue(envelope.data(), type);
        } catch (JsonProcessingException | IllegalArgumentException ex) {
            throw new InvalidEventException("malformed " + envelope.type() + " payload: " + ex.getMessage());
        }
    }

    /** Decodes and extracts the payload in one go. */
    public static <T> T decodePayload(byte[] bytes, Class<T> type) {
        return payload(decode(bytes), type);
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidEventException("malformed JSON: " + e.getMessage());
        }
    }

    /** A message that is not a usable event: it goes to the dead-letter topic with this message as the reason. */
    public static final class InvalidEventException extends RuntimeException {
        public InvalidEventException(String message) {
            super(message);
        }
    }
}
