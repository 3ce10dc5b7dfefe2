package org.bedkd.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The histogram a detection event carries for the report's charts: bounded and consistent, or refused on reading. */
class MepdHistogramTest {

    @Test
    void unmarkedSamplesAreThoseNotMarkedPoisoned() {
        MepdHistogram h = new MepdHistogram(0.1, List.of(9, 3, 4), List.of(8, 2, 0), null);
        assertThat(List.of(h.unmarked(0), h.unmarked(1), h.unmarked(2))).containsExactly(1, 1, 4);
        assertThat(new MepdHistogram(0.1, List.of(9, 3), null, null).unmarked(0)).isEqualTo(9);
    }

    @Test
    void inconsistentOrUnboundedHistogramsAreRefused() {
        assertThatThrownBy(() -> new MepdHistogram(0.1, List.of(1, 3), List.of(2, 0), null))
                .hasMessageContaining("more poisoned samples than samples");
        assertThatThrownBy(() -> new MepdHistogram(0.1, List.of(1, 3), List.of(0), null))
                .hasMessageContaining("poisoned has 1 bins, samples 2");
        assertThatThrownBy(() -> new MepdHistogram(0.1, Collections.nCopies(MepdHistogram.MAX_BINS + 1, 1), null,
                null)).hasMessageContaining("1 to 200 bins");
        assertThatThrownBy(() -> new MepdHistogram(0.1, List.of(-1), null, null)).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> new MepdHistogram(Double.NaN, List.of(1), null, null))
                .hasMessageContaining("binWidth");
        // A producer's JSON is checked the same way when it is read.
        String forged = "{\"binWidth\":0.1,\"samples\":[1],\"poisoned\":[5]}";
        assertThatThrownBy(() -> EventCodec.MAPPER.readValue(forged, MepdHistogram.class))
                .hasMessageContaining("more poisoned samples than samples");
    }
}
