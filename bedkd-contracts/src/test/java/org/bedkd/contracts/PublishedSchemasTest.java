package org.bedkd.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The published contract for consumers in other languages: a JSON Schema per event type, generated from the payload
 * records, and an AsyncAPI document of the topics. Fails when a record (or a topic's event types) changes and the
 * published files were not regenerated: {@code ./mvnw -pl bedkd-contracts test -Dbedkd.contracts.write=true}.
 */
class PublishedSchemasTest {

    private static final Path DIR = Path.of("src/main/resources/org/bedkd/contracts");
    private static final boolean WRITE = Boolean.getBoolean("bedkd.contracts.write");

    private static final SchemaGenerator GENERATOR = new SchemaGenerator(new SchemaGeneratorConfigBuilder(
            EventCodec.MAPPER, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(Option.DEFINITIONS_FOR_ALL_OBJECTS).without(Option.SCHEMA_VERSION_INDICATOR).build());

    static ObjectNode schema(String type) {
        ObjectNode s = EventCodec.MAPPER.createObjectNode();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("$id", Envelope.schemaUri(type));
        s.put("title", type);
        s.put("description", "data of a " + type + " CloudEvent (" + EventTypes.PAYLOADS.get(type).getSimpleName()
                + "); unknown fields are ignored by readers of the same major version");
        s.setAll(GENERATOR.generateSchema(EventTypes.PAYLOADS.get(type)));
        return s;
    }

    static ObjectNode asyncApi() {
        ObjectNode doc = EventCodec.MAPPER.createObjectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "BeDKD events");
        info.put("version", Envelope.SCHEMA_VERSION);
        info.put("description", "CloudEvents 1.0 in Kafka binary content mode: context attributes as ce_* headers, "
                + "the data (JSON) as the value, keyed by job id (screening: by the input record's key).");
        doc.put("defaultContentType", KafkaCloudEvents.CONTENT_TYPE);
        ObjectNode channels = doc.putObject("channels");
        ObjectNode messages = EventCodec.MAPPER.createObjectNode();
        for (Map.Entry<String, List<String>> t : Topics.eventTypes().entrySet()) {
            ObjectNode ch = channels.putObject(t.getKey());
            ch.put("address", t.getKey());
            ObjectNode refs = ch.putObject("messages");
            for (String type : t.getValue()) {
                refs.putObject(type).put("$ref", "#/components/messages/" + type);
                ObjectNode m = messages.putObject(type);
                m.put("name", type);
                m.put("contentType", KafkaCloudEvents.CONTENT_TYPE);
                m.set("headers", ceHeaders(type));
                m.putObject("payload").put("$ref", "schemas/" + type + ".json");
            }
        }
        doc.putObject("components").set("messages", messages);
        return doc;
    }

    private static ObjectNode ceHeaders(String type) {
        ObjectNode h = EventCodec.MAPPER.createObjectNode();
        h.put("type", "object");
        ObjectNode p = h.putObject("properties");
        p.putObject("ce_specversion").put("const", Envelope.SPEC_VERSION);
        p.putObject("ce_id").put("type", "string");
        p.putObject("ce_source").put("type", "string").put("format", "uri-reference");
        p.putObject("ce_type").put("const", type);
        p.putObject("ce_subject").put("type", "string");
        p.putObject("ce_time").put("type", "string").put("format", "date-time");
        p.putObject("ce_dataschema").put("const", Envelope.schemaUri(type));
        p.putObject("content-type").put("const", KafkaCloudEvents.CONTENT_TYPE);
        ArrayNode required = h.putArray("required");
        List.of("ce_specversion", "ce_id", "ce_source", "ce_type").forEach(required::add);
        return h;
    }

    @Test
    void eachEventTypeHasItsPublishedSchema() throws IOException {
        List<String> stale = new ArrayList<>();
        for (String type : new TreeMap<>(EventTypes.PAYLOADS).keySet()) {
            check(DIR.resolve("schemas/" + type + ".json"), schema(type), stale);
        }
        assertThat(stale).as("regenerate with -Dbedkd.contracts.write=true").isEmpty();
    }

    @Test
    void theAsyncApiDocumentNamesEveryTopicAndEventType() throws IOException {
        List<String> stale = new ArrayList<>();
        ObjectNode doc = asyncApi();
        check(DIR.resolve("asyncapi.json"), doc, stale);
        assertThat(stale).as("regenerate with -Dbedkd.contracts.write=true").isEmpty();
        assertThat(doc.at("/components/messages").size()).isEqualTo(EventTypes.PAYLOADS.size());
        assertThat(Topics.eventTypes().keySet()).allMatch(Topics.all()::contains);
    }

    @Test
    void aSchemaDescribesWhatTheCodecWrites() {
        JsonNode s = schema(EventTypes.JOB_FAILED);
        assertThat(s.at("/properties").fieldNames()).toIterable()
                .containsExactlyInAnyOrderElementsOf(() -> EventCodec.tree(EventCodec.toJson(
                        new JobFailed("j", "detecting", "m", "t"))).fieldNames());
    }

    private static void check(Path file, JsonNode expected, List<String> stale) throws IOException {
        String text = EventCodec.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(expected) + "\n";
        if (WRITE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } else if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            stale.add(file.toString());
        }
    }
}
