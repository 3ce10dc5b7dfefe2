package org.bedkd.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GammaSweepTest {

    @Test
    void farFallsAndFrrRisesAsGammaGrows() {
        // 4 clean samples in bins 0, 2, 3, 3; 2 poisoned in bins 0 and 1.
        int[] clean = {1, 0, 1, 2};
        int[] poisoned = {1, 1, 0, 0};
        double[][] c = GammaSweep.curve(clean, poisoned);
        // γ = 0.025: flags bin 0 → 1 of 2 poisoned missed (FAR 50), 1 of 4 clean flagged (FRR 25).
        assertThat(c[0]).containsExactly(50.0, 25.0);
        assertThat(c[1]).containsExactly(0.0, 25.0);
        assertThat(c[3]).containsExactly(0.0, 100.0);
    }
}
