package org.bedkd.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Kafka protocol binding of CloudEvents 1.0 in <em>binary content mode</em>, which every service writes: each
 * context attribute is a {@code ce_<name>} header (UTF-8), {@code content-type} carries {@code datacontenttype}
 * ({@code application/json}), and the record value is the event's data alone. Any CloudEvents SDK, Knative Eventing or
 * Argo Events reads it as it is. Records without {@code ce_specversion} are read as the JSON envelope earlier versions
 * wrote as the value (CloudEvents structured mode), so a rolling upgrade does not dead-letter in-flight events.
 *
 * <p>Kept free of the Kafka client: headers go in and out as name → bytes.
 */
public final class KafkaCloudEvents {

    public static final String CONTENT_TYPE = "application/json";
    public static final String HEADER_PREFIX = "ce_";
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private KafkaCloudEvents() {
    }

    /** The headers of {@code e} in binary mode, in a fixed order. */
    public static Map<String, byte[]> headers(Envelope e) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        put(h, "specversion", e.specversion());
        put(h, "id", e.id());
        put(h, "source", e.source());
        put(h, "type", e.type());
        put(h, "subject", e.subject());
        put(h, "time", e.time() == null ? null : e.time().toString());
        put(h, "dataschema", e.dataschema());
        h.put(CONTENT_TYPE_HEADER, CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    /** The record value of {@code e} in binary mode: its data as JSON. */
    public static byte[] value(Envelope e) {
        try {
            return EventCodec.MAPPER.writeValueAsBytes(e.data());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode event " + e.type(), ex);
        }
    }

    /**
     * The event of a consumed record: binary mode when it has a {@code ce_specversion} header, else the JSON envelope
     * of earlier versions. Checked as {@link EventCodec#decode} checks (known type, supported schema major version).
     *
     * @param header the last value of a header by name ({@code null} when absent)
     * @throws EventCodec.InvalidEventException when it is not a usable event (the caller dead-letters it)
     */
    public static Envelope decode(Function<String, byte[]> header, byte[] value) {
        String specversion = text(header, "specversion");
        if (specversion == null) {
            return EventCodec.decode(value);
        }
        if (!Envelope.SPEC_VERSION.equals(specversion)) {
            throw new EventCodec.InvalidEventException("unsupported CloudEvents specversion '" + specversion + "'");
        }
        byte[] contentType = header.apply(CONTENT_TYPE_HEADER);
        if (contentType != null && !new String(contentType, StandardCharsets.UTF_8).strip().toLowerCase()
                .matches("application/([a-z0-9.+-]+\\+)?json(;.*)?")) {
            throw new EventCodec.InvalidEventException("data content type '"
                    + new String(contentType, StandardCharsets.UTF_8) + "' is not JSON");
        }
        if (value == null || value.length == 0) {
            throw new EventCodec.InvalidEventException("CloudEvent without data");
        }
        JsonNode data;
        try {
            data = EventCodec.MAPPER.readTree(value);
        } catch (IOException ex) {
            throw new EventCodec.InvalidEventException("CloudEvent data is not JSON: " + ex.getMessage());
        }
        String time = text(header, "time");
        Instant at;
        try {
            at = time == null ? null : OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException ex) {
            throw new EventCodec.InvalidEventException("ce_time '" + time + "' is not an RFC 3339 timestamp");
        }
        Envelope e = new Envelope(specversion, text(header, "id"), text(header, "type"), text(header, "source"), at,
                text(header, "subject"), text(header, "dataschema"), data);
        if (e.source() == null) {
            throw new EventCodec.InvalidEventException("CloudEvent lacks ce_source");
        }
        return EventCodec.check(e);
    }

    private static void put(Map<String, byte[]> h, String attribute, String value) {
        if (value != null) {
            h.put(HEADER_PREFIX + attribute, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String text(Function<String, byte[]> header, String attribute) {
        byte[] v = header.apply(HEADER_PREFIX + attribute);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
