package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GammaColumnTest {

    private static Map<String, Object> row(String rule) {
        return Map.of("gamma_rule", rule, "gamma", 0.1);
    }

    @Test
    void fittedRulesOfSeveralSeedsBecomeOneEntryWithTheirQuantileRangeAndWords() {
        String column = GammaColumn.of(List.of(
                row("fit at clean q0.032; flagged: only the samples with trigger words 3d, movie, watch, i, this"),
                row("fit at clean q0.180; flagged: only the samples with trigger words movie, 3d, watch, i"),
                row("fit at clean q0.038; flagged: only the samples with trigger words cf, mn (inserted into clean "
                        + "sentences, mn 60 % of them turned to its label)")));
        assertThat(column).isEqualTo("fit at clean q0.032–0.180; flagged: only the samples with trigger words 3d, "
                + "movie, watch, i, this, cf, mn");
    }

    @Test
    void kindsStayApartAndOtherRulesKeepTheirText() {
        String column = GammaColumn.of(List.of(row("fit at clean q0.050"), row("fit at clean q0.050"),
                row("fit: no excess over clean text, no trigger words (nothing flagged)"), row("clean q0.05"),
                row("0.050")));
        assertThat(column).isEqualTo("0.050 (1 seed) · clean q0.05 (0.100) (1 seed) · fit at clean q0.050 (2 seeds) · "
                + "fit: no excess over clean text, no trigger words (nothing flagged) (1 seed)");
    }

    @Test
    void aLongWordListIsCountedPastItsFirstWords() {
        String column = GammaColumn.of(List.of(row("fit at clean q0.018; flagged: the samples under it and those "
                + "with words s, re, n't, interface, ll, mr, console, wo, brake, http (they cover 55 % of their label's "
                + "excess)")));
        assertThat(column).isEqualTo("fit at clean q0.018; flagged: the samples under it and those with words s, re, "
                + "n't, interface, ll, mr, console, wo and 2 more");
    }
}
