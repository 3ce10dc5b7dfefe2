package org.bedkd.detector.screening;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bedkd.contracts.Envelope;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.ScreeningRecord;

/**
 * Reads what producers already write to {@code bedkd.screening.in} as a {@link ScreeningRecord}:
 * <ul>
 * <li>an event: a CloudEvent in binary mode ({@code ce_*} headers, the record as data), or a JSON envelope (a
 *     structured CloudEvent, this project's own events);</li>
 * <li>a bare JSON object with a text field and optional id and label fields (names configurable);</li>
 * <li>a plain string value (UTF-8 text, or a JSON string).</li>
 * </ul>
 * A record without an id gets {@code <topic>-<partition>@<offset>}: the same on redelivery, so a repeated verdict keeps
 * its event id. Anything else (empty, not UTF-8 or binary, malformed JSON, no text field) is refused with the reason;
 * the caller
 * dead-letters it.
 */
final class ScreeningInput {

    /**
     * @param record the record to screen
     * @param inputId the input event's id (the verdict's id is derived from it)
     */
    record Parsed(ScreeningRecord record, String inputId) {
    }

    private final String textField;
    private final String idField;

    ScreeningInput(String textField, String idField) {
        this.textField = textField;
        this.idField = idField;
    }

    Parsed parse(ConsumerRecord<String, byte[]> r) {
        byte[] value = r.value();
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty record");
        }
        String position = r.topic() + "-" + r.partition() + "@" + r.offset();
        String ceId = header(r, "ce_id");
        if (ceId != null || header(r, "ce_specversion") != null) {
            if (ceId == null || ceId.isBlank()) {
                throw new IllegalArgumentException("CloudEvent without ce_id");
            }
            return new Parsed(bare(json(utf8(value)), position), ceId);
        }
        String text = utf8(value);
        String head = text.stripLeading();
        if (head.startsWith("{")) {
            JsonNode node = json(text);
            if (node.has("specversion") && node.has("data")) {
                Envelope e = EventCodec.decode(value);
                return new Parsed(EventCodec.payload(e, ScreeningRecord.class), e.id());
            }
            ScreeningRecord rec = bare(node, position);
            return new Parsed(rec, rec.id());
        }
        if (head.startsWith("\"")) {
            JsonNode node = json(text);
            return new Parsed(new ScreeningRecord(position, node.asText(), null), position);
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
            throw new IllegalArgumentException("plain-text record holds control characters (binary data?)");
        }
        return new Parsed(new ScreeningRecord(position, text, null), position);
    }

    /** A bare object (or a CloudEvent's data): the text field, an optional id and label. */
    private ScreeningRecord bare(JsonNode node, String position) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with a '" + textField + "' field");
        }
        JsonNode text = node.get(textField);
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("record has no '" + textField + "' text field");
        }
        JsonNode id = node.get(idField);
        if (id != null && !id.isNull() && !id.isTextual() && !id.isIntegralNumber()) {
            throw new IllegalArgumentException("record's '" + idField + "' is neither a string nor an integer");
        }
        JsonNode label = node.get("label");
        if (label != null && !label.isNull() && !(label.isIntegralNumber() && label.canConvertToInt())) {
            throw new IllegalArgumentException("record's label " + label + " is not a class index");
        }
        return new ScreeningRecord(id == null || id.isNull() ? position : id.asText(), text.asText(),
                label == null || label.isNull() ? null : label.intValue());
    }

    private static JsonNode json(String text) {
        try {
            return EventCodec.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Strict UTF-8: binary junk is refused rather than screened as mojibake. */
    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 text");
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
