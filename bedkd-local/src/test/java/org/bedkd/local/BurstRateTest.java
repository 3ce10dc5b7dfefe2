package org.bedkd.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A burst's steady rate: records out while every replica still had records, and the burst's tail after that. */
class BurstRateTest {

    /** Replica A holds partitions 0 and 1, B holds 2; times in ms after a start at 1,000. */
    private static final Map<Integer, String> HOLDERS = Map.of(0, "A", 1, "A", 2, "B");

    private final Map<String, Long> outAt = new HashMap<>();
    private final Map<String, Integer> partitionOf = new HashMap<>();

    @Test
    void countsUpToTheFirstReplicaThatRanDryAndReportsTheRestAsTail() {
        // B (partition 2) emits its last record at 3,000; A goes on alone until 5,000, one record a batch.
        out("b1", 2, 2_000);
        out("b2", 2, 3_000);
        out("a1", 0, 2_000);
        out("a2", 1, 3_000);
        out("a3", 0, 4_000);
        out("a4", 1, 5_000);

        Map<String, Object> r = BurstRate.steady(1_000, outAt, partitionOf, HOLDERS, HOLDERS);

        assertThat((double) r.get("steady_records")).isCloseTo(4.0, within(1e-9));
        assertThat(r.get("steady_seconds")).isEqualTo(2.0);
        assertThat((double) r.get("steady_records_per_s")).isCloseTo(2.0, within(1e-9));
        assertThat(r.get("tail_s")).isEqualTo(2.0);
    }

    @Test
    void creditsAReplicaStillBusyWithThePartOfItsNextBatchDoneByThen() {
        // A emits batches of two at 2,000 and 4,000; B runs dry at 3,000, halfway through A's second batch.
        out("a1", 0, 2_000);
        out("a2", 1, 2_010);
        out("a3", 0, 4_000);
        out("a4", 1, 4_020);
        out("b1", 2, 2_000);
        out("b2", 2, 3_000);

        Map<String, Object> r = BurstRate.steady(1_000, outAt, partitionOf, HOLDERS, HOLDERS);

        // A: 2 done + 2 × (3,000 − 2,010) / (4,000 − 2,010) of the next; B: 2.
        assertThat((double) r.get("steady_records")).isCloseTo(4 + 2 * 990.0 / 1990, within(1e-9));
        assertThat(r.get("tail_s")).isEqualTo(1.02);
    }

    @Test
    void saysNothingWhenThePartitionsChangedHands() {
        out("a1", 0, 2_000);

        Map<String, Object> r = BurstRate.steady(1_000, outAt, partitionOf, HOLDERS, Map.of(0, "A", 1, "B", 2, "B"));

        assertThat(r.get("steady_records_per_s")).isNull();
        assertThat((String) r.get("steady_note")).contains("changed hands");
    }

    private void out(String id, int partition, long at) {
        outAt.put(id, at);
        partitionOf.put(id, partition);
    }
}
