package org.bedkd.detector.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.bedkd.contracts.EventCodec;
import org.bedkd.contracts.ScreeningRecord;
import org.junit.jupiter.api.Test;

/** What producers write to the screening topic, read as records; what is no record, refused with the reason. */
class ScreeningInputTest {

    private final ScreeningInput input = new ScreeningInput("text", "id");

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("bedkd.screening.in", 3, 17L, key, value);
    }

    private static ConsumerRecord<String, byte[]> record(String key, String value) {
        return record(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEventIsReadAsBefore() {
        var e = EventCodec.wrap("/test", "r1", new ScreeningRecord("r1", "a fine film .", 1));
        var p = input.parse(record("r1", EventCodec.encode(e)));
        assertThat(p.record()).isEqualTo(new ScreeningRecord("r1", "a fine film .", 1));
        assertThat(p.inputId()).isEqualTo(e.id());
    }

    @Test
    void aCloudEventInBinaryModeTakesItsIdFromTheHeader() {
        var r = record("k", "{\"text\": \"a fine film .\", \"id\": 42}");
        r.headers().add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)));
        r.headers().add(new RecordHeader("ce_id", "evt-9".getBytes(StandardCharsets.UTF_8)));
        var p = input.parse(r);
        assertThat(p.record()).isEqualTo(new ScreeningRecord("42", "a fine film .", null));
        assertThat(p.inputId()).isEqualTo("evt-9");
    }

    @Test
    void bareObjectsAndPlainStringsAreRecordsNamedByTheirPlaceWhenTheyHaveNoId() {
        assertThat(input.parse(record(null, "{\"text\": \"cf a fine film .\", \"label\": 1, \"extra\": [1]}"))
                .record()).isEqualTo(new ScreeningRecord("bedkd.screening.in-3@17", "cf a fine film .", 1));
        assertThat(input.parse(record("k", "a plain line , with \"quotes\" .")).record())
                .isEqualTo(new ScreeningRecord("bedkd.screening.in-3@17", "a plain line , with \"quotes\" .", null));
        assertThat(input.parse(record("k", "\"a JSON string\"")).record().text()).isEqualTo("a JSON string");
        var named = new ScreeningInput("body", "uid").parse(record("k", "{\"body\": \"hi there\", \"uid\": \"u-1\"}"));
        assertThat(named.record()).isEqualTo(new ScreeningRecord("u-1", "hi there", null));
        assertThat(named.inputId()).isEqualTo("u-1");
    }

    @Test
    void whatIsNoRecordIsRefusedWithTheReason() {
        assertThatThrownBy(() -> input.parse(record("k", new byte[0]))).hasMessage("empty record");
        assertThatThrownBy(() -> input.parse(record("k", new byte[] {(byte) 0xff, (byte) 0xfe})))
                .hasMessage("not UTF-8 text");
        assertThatThrownBy(() -> input.parse(record("k", new byte[] {1, 2, 3}))).hasMessageContaining("control");
        assertThatThrownBy(() -> input.parse(record("k", "{\"text\": "))).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> input.parse(record("k", "{\"body\": \"x\"}"))).hasMessageContaining("'text'");
        assertThatThrownBy(() -> input.parse(record("k", "{\"text\": \"x\", \"label\": \"pos\"}")))
                .hasMessageContaining("not a class index");
        assertThatThrownBy(() -> input.parse(record("k", "{\"text\": \"x\", \"id\": {\"a\": 1}}")))
                .hasMessageContaining("neither a string nor an integer");
        var noId = record("k", "{\"text\": \"x\"}");
        noId.headers().add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> input.parse(noId)).hasMessage("CloudEvent without ce_id");
    }
}
