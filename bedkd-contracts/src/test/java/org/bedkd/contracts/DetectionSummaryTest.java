package org.bedkd.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trigger words a detection hands to the distiller: bounded, and absent in events that predate them. */
class DetectionSummaryTest {

    private static DetectionSummary withWords(List<String> words) {
        return new DetectionSummary(300, 0.05f, "fit at clean q0.031", 20, 20, null, null, 30.0, 4.0, 5.0, 1.75,
                false, List.of("cf"), words);
    }

    @Test
    void certifiedTriggerWordsTravelInTheDetectionEvent() throws Exception {
        String json = EventCodec.toJson(withWords(List.of("cf", "mn")));
        assertThat(EventCodec.MAPPER.readValue(json, DetectionSummary.class).triggerWords())
                .containsExactly("cf", "mn");
    }

    @Test
    void anEventFromAnOlderDetectorReadsWithoutTriggerWords() {
        var older = EventCodec.tree(EventCodec.toJson(withWords(List.of("cf"))));
        ((com.fasterxml.jackson.databind.node.ObjectNode) older).remove("triggerWords");
        assertThat(EventCodec.MAPPER.convertValue(older, DetectionSummary.class).triggerWords()).isNull();
    }

    @Test
    void aProducerSendingTooManyWordsIsRefusedOnReading() {
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) EventCodec.tree(EventCodec.toJson(
                withWords(List.of("cf"))));
        var words = json.putArray("triggerWords");
        for (int i = 0; i <= DetectionSummary.MAX_WORDS; i++) {
            words.add("w" + i);
        }
        assertThatThrownBy(() -> EventCodec.MAPPER.convertValue(json, DetectionSummary.class))
                .hasMessageContaining("triggerWords holds 65 words");
    }

    @Test
    void tooManyOrOversizedWordsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> withWords(Collections.nCopies(DetectionSummary.MAX_WORDS + 1, "cf")))
                .hasMessageContaining("triggerWords holds 65 words; at most 64");
        assertThatThrownBy(() -> withWords(List.of("x".repeat(DetectionSummary.MAX_WORD_CHARS + 1))))
                .hasMessageContaining("at most 100 characters");
        assertThatThrownBy(() -> withWords(List.of(" "))).hasMessageContaining("non-blank");
    }
}
