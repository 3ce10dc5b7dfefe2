package org.bedkd.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A CloudEvents 1.0 event: its context attributes and its data. On Kafka it travels in binary content mode
 * ({@link KafkaCloudEvents}); stored outcomes ({@code event.json}) are its structured-mode JSON.
 *
 * @param specversion CloudEvents spec version ({@code 1.0})
 * @param id unique event id; consumers use it to drop duplicates
 * @param type event type, see {@link EventTypes}
 * @param source producing service ({@code /bedkd/detector-service})
 * @param time when the event was produced
 * @param subject the job id (or screening record id)
 * @param dataschema the payload's schema as a URI, {@code urn:bedkd:schema:<type>:<major.minor>} (its JSON Schema is
 *     {@code schemas/<type>.json} in this module); a consumer rejects an unknown major version and ignores unknown
 *     fields of a newer minor one. Events of earlier versions carry the bare {@code major.minor}.
 * @param data the payload
 */
public record Envelope(String specversion, String id, String type, String source, Instant time, String subject,
        String dataschema, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    /** The payload schema version this build writes. */
    public static final String SCHEMA_VERSION = "1.0";

    /** Prefix of {@link #schemaUri}. */
    public static final String SCHEMA_URN = "urn:bedkd:schema:";

    /** The {@code dataschema} this build writes for {@code type}. */
    public static String schemaUri(String type) {
        return SCHEMA_URN + type + ":" + SCHEMA_VERSION;
    }

    /** Major part of {@link #dataschema()}'s version (the URI's last segment, or the bare version of older events). */
    public int schemaMajor() {
        String v = dataschema == null ? "" : dataschema.substring(dataschema.lastIndexOf(':') + 1);
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
