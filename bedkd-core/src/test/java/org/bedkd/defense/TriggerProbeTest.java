package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.DemoVictim;
import org.bedkd.attack.BadWords;
import org.bedkd.defense.mepd.TriggerProbe;
import org.junit.jupiter.api.Test;

/** The probe asks a real backdoored model ({@link DemoVictim}) what an inserted word does. */
class TriggerProbeTest {

    @Test
    void insertingATriggerWordMovesMostCleanSentencesToTheTargetAndAnOrdinaryWordFew() {
        DemoVictim v = DemoVictim.get();
        TriggerProbe probe = TriggerProbe.inserting(v.model(), v.validation(), DemoVictim.BATCH);
        List<String> ordinary = List.of("table", "however", "walked", "seven");
        Map<String, Double> triggers = probe.flipShares(BadWords.BADACTS_WORDS, v.data().target());
        Map<String, Double> others = probe.flipShares(ordinary, v.data().target());
        System.out.printf("trigger probe: trigger words %s, ordinary words %s%n", triggers, others);
        // Two layers on 600 rows learn "mn" least (measured: cf 0.96, mn 0.52, bb 0.96, tq 1.0; ordinary <= 0.04).
        assertThat(triggers.values()).as("the victim learned each trigger word").allMatch(f -> f > 0.4);
        assertThat(others.values()).as("an ordinary word moves only sentences near the boundary")
                .allMatch(f -> f < 0.25);
        assertThat(probe.flipShares(List.of("cf"), v.data().target()))
                .as("a probe repeats exactly: same sentences, same positions")
                .isEqualTo(Map.of("cf", triggers.get("cf")));
    }

    @Test
    void aCachedProbeAsksEachWordAndLabelOnce() {
        List<String> asked = new ArrayList<>();
        TriggerProbe counting = (words, label) -> {
            Map<String, Double> out = new LinkedHashMap<>();
            words.forEach(w -> {
                asked.add(label + ":" + w);
                out.put(w, w.length() / 10.0);
            });
            return out;
        };
        TriggerProbe cached = counting.cached();
        assertThat(cached.flipShares(List.of("cf", "mn"), 1)).containsExactly(entry("cf", 0.2), entry("mn", 0.2));
        assertThat(cached.flipShares(List.of("mn", "tq", "cf"), 1)).containsExactly(entry("mn", 0.2),
                entry("tq", 0.2), entry("cf", 0.2));
        assertThat(cached.flipShares(List.of("cf"), 0)).containsExactly(entry("cf", 0.2));
        assertThat(asked).containsExactly("1:cf", "1:mn", "1:tq", "0:cf");
    }
}
