package org.bedkd.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A CloudEvents-style envelope around every event on every topic.
 *
 * @param specversion CloudEvents spec version ({@code 1.0})
 * @param id unique event id; consumers use it to drop duplicates
 * @param type event type, see {@link EventTypes}
 * @param source producing service ({@code /bedkd/detector-service})
 * @param time when the event was produced
 * @param subject the job id (or screening record id)
 * @param dataschema payload schema version, {@code major.minor}; a consumer rejects an unknown major version and ignores
 *     unknown fields of a newer minor one
 * @param data the payload
 */
public record Envelope(String specversion, String id, String type, String source, Instant time, String subject,
        String dataschema, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    /** The payload schema version this build writes. */
    public static final String SCHEMA_VERSION = "1.0";

    /** Major part of {@link #dataschema()}. */
    public int schemaMajor() {
        String v = dataschema == null ? "" : dataschema;
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
