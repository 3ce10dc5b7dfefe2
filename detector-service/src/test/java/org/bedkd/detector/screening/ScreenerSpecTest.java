package org.bedkd.detector.screening;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a screener applies γ: to every record, or, as the job's detection fitted it, to one label's. */
class ScreenerSpecTest {

    private static ScreenerSpec spec(Integer gammaLabel) {
        return new ScreenerSpec("s", null, null, "sst2", 0.25f, null, null, null, gammaLabel);
    }

    @Test
    void aGammaForEveryLabelCutsEveryRecord() {
        assertThat(spec(null).underGamma(0.2f, 0)).isTrue();
        assertThat(spec(null).underGamma(0.2f, 1)).isTrue();
        assertThat(spec(null).underGamma(0.3f, 1)).isFalse();
    }

    @Test
    void aGammaFittedWithinOneLabelCutsThatLabelsRecordsOnly() {
        // On SST-2 clean negatives score lower than positives: γ read off the positives would quarantine a quarter of
        // the clean negatives if it cut them too.
        assertThat(spec(1).underGamma(0.2f, 1)).isTrue();
        assertThat(spec(1).underGamma(0.2f, 0)).isFalse();
        assertThat(spec(1).underGamma(0.3f, 1)).isFalse();
    }
}
