package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bedkd.defense.akd.AkdConfig;
import org.bedkd.defense.dmm.DmmConfig;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.pipeline.ModelSpec;
import org.bedkd.pipeline.Profile;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.TaskCatalog;
import org.bedkd.pipeline.VictimConfig;
import org.junit.jupiter.api.Test;

/** A sweep on the embedded SST-2 BadWords slice: one victim, one point per value. */
class SweepTest {

    /** A 1-layer victim on 300 rows: this checks the sweep's bookkeeping, not detection quality. */
    static ExperimentConfig tiny() {
        return Profile.QUICK.config().with(b -> b.profile("test")
                .victim(new VictimConfig(new ModelSpec(1, 32), 1, 1e-4f, 32)).trainRows(300).cleanPerClass(20)
                .validationRows(60).testRows(100).dmm(DmmConfig.builder().samplesPerClass(10).epochs(2).alpha(0.3f).build())
                .mepd(new MepdConfig(GammaRule.fixed(0.05f), 0, 64))
                .akd(AkdConfig.defaults().withEpochs(4).withPatience(0)).methods(List.of()));
    }

    @Test
    void aSweepVariesOneSettingAgainstOneVictim() {
        Sweep.Result r = Sweep.run(TaskCatalog.demo(), tiny(), "cleanPerClass", List.of("10", "20"), true,
                Progress.NONE);
        assertThat(r.points()).hasSize(2);
        assertThat(r.points()).extracting(p -> p.sizes().fewClean()).containsExactly(20, 40);
        assertThat(r.points()).extracting(p -> p.sizes().train()).containsOnly(300);
        assertThat(r.points().get(1).victim()).isEqualTo(r.points().get(0).victim()); // one victim for all points
        for (ExperimentReport p : r.points()) {
            assertThat(p.methods()).isEmpty();
            assertThat(p.detection().auroc()).isBetween(0.0, 1.0);
            assertThat(p.detection().quality().far()).isBetween(0.0, 100.0);
        }
    }

    @Test
    void aSweepRejectsSettingsThatWouldChangeTheVictimBeforeTraining() {
        assertThatThrownBy(() -> Sweep.configs(tiny(), "trainRows", List.of("10")))
                .hasMessageContaining("cannot vary 'trainRows'");
        assertThatThrownBy(() -> Sweep.configs(tiny(), "dmmAlfa", List.of("1")))
                .hasMessageContaining("unknown setting 'dmmAlfa'");
        assertThatThrownBy(() -> Sweep.configs(tiny(), "dmmAlpha", List.of("2")))
                .hasMessageContaining("out of range: a number in [0, 1]");
        assertThat(Sweep.configs(tiny(), "dmmAlpha", List.of("1.0", "0.3"))).extracting(c -> c.dmm().alpha())
                .containsExactly(1.0f, 0.3f);
    }
}
