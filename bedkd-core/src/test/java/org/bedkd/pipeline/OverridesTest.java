package org.bedkd.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.bedkd.train.TrainSpeed;
import org.junit.jupiter.api.Test;

class OverridesTest {

    @Test
    void speedSwitchesAreOnByDefaultAndEachCanBeTurnedOff() {
        ExperimentConfig quick = Profile.QUICK.config();
        assertThat(quick.speed()).isEqualTo(TrainSpeed.DEFAULT);
        assertThat(Overrides.apply(quick, Map.of("teacherCache", "false")).speed())
                .isEqualTo(new TrainSpeed(true, true, false));
        assertThat(Overrides.apply(quick, Map.of("lengthBucketing", "FALSE", "freezeWordEmbeddings", "false")).speed())
                .isEqualTo(new TrainSpeed(false, false, true));
        // Other settings keep the switches.
        ExperimentConfig noCache = Overrides.apply(quick, Map.of("teacherCache", "false"));
        assertThat(noCache.withSeed(7).speed().teacherCache()).isFalse();
    }

    @Test
    void aSwitchTakesOnlyTrueOrFalse() {
        assertThatThrownBy(() -> Overrides.apply(Profile.QUICK.config(), Map.of("teacherCache", "no")))
                .hasMessageContaining("'teacherCache' must be true or false, was 'no'");
    }
}
