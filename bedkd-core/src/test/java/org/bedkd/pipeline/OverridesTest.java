package org.bedkd.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    void precisionIsTheProcessDefaultUnlessAJobSetsIt() {
        ExperimentConfig quick = Profile.QUICK.config();
        assertThat(quick.speed().precision()).isNull();
        assertThat(quick.speed().resolvedPrecision()).isEqualTo(org.bedkd.model.DjlRuntime.precision());
        assertThat(Overrides.apply(quick, Map.of("precision", "BF16")).speed().precision())
                .isEqualTo(org.bedkd.model.Precision.BF16);
        assertThat(Overrides.apply(Overrides.apply(quick, Map.of("precision", "fp32")), Map.of("precision", "auto"))
                .speed().precision()).isNull();
        assertThatThrownBy(() -> Overrides.apply(quick, Map.of("precision", "fp16")))
                .hasMessageContaining("fp32, bf16 or auto");
    }

    @Test
    void aSwitchTakesOnlyTrueOrFalse() {
        assertThatThrownBy(() -> Overrides.apply(Profile.QUICK.config(), Map.of("teacherCache", "no")))
                .hasMessageContaining("'teacherCache' must be true or false, was 'no'");
    }

    /** A value other than either profile's for every setting: a new setting without one fails the test below. */
    private static final Map<String, String> OTHER_VALUES = Map.ofEntries(Map.entry("encoder", "bge-small"),
            Map.entry("layers", "2"), Map.entry("maxLength", "96"), Map.entry("victimEpochs", "4"),
            Map.entry("victimLr", "0.0001"), Map.entry("trainRows", "500"), Map.entry("testRows", "300"),
            Map.entry("cleanPerClass", "50"), Map.entry("validationRows", "200"), Map.entry("dmmPerClass", "20"),
            Map.entry("dmmEpochs", "5"), Map.entry("dmmAlpha", "0.5"), Map.entry("dmmTemperature", "2"),
            Map.entry("dmmLr", "0.0001"), Map.entry("gamma", "0.05"), Map.entry("gammaQuantile", "0.1"),
            Map.entry("maxFlagged", "100"), Map.entry("flagSize", "estimate"), Map.entry("akdEpochs", "3"), Map.entry("akdLambda", "0.5"),
            Map.entry("akdTemperature", "4"), Map.entry("akdLr", "0.0001"), Map.entry("punish", "bounded"),
            Map.entry("punishLimit", "10"), Map.entry("punishRatio", "0.5"), Map.entry("holdoutFraction", "0.3"),
            Map.entry("caccTolerance", "1"), Map.entry("patience", "4"), Map.entry("balancedGuard", "false"),
            Map.entry("calibratePrior", "true"), Map.entry("matchSuspectShare", "false"),
            Map.entry("triggerInTrust", "false"), Map.entry("laterOnTies", "true"),
            Map.entry("methods", "ft,bedkd"),
            Map.entry("lengthBucketing", "false"), Map.entry("freezeWordEmbeddings", "false"),
            Map.entry("teacherCache", "false"), Map.entry("precision", "fp32"));

    /** Settings that decide each other: an encoder brings its own layer count; γ is either fixed or a quantile. */
    private static final List<Set<String>> COUPLED = List.of(Set.of("encoder", "layers"),
            Set.of("gamma", "gammaQuantile"));

    @Test
    void everySettingReadsBackWhatItSetsAndTouchesNothingElse() {
        assertThat(OTHER_VALUES.keySet()).containsExactlyInAnyOrderElementsOf(Overrides.NAMES);
        for (Profile p : Profile.values()) {
            ExperimentConfig base = p.config();
            for (Overrides.Setting s : Overrides.SETTINGS) {
                String v = OTHER_VALUES.get(s.name());
                assertThat(s.current().apply(base)).as(p + " " + s.name()).isNotEqualTo(v);
                ExperimentConfig changed = Overrides.apply(base, Map.of(s.name(), v));
                assertThat(s.current().apply(changed)).as(s.name()).isEqualTo(v);
                for (Overrides.Setting other : Overrides.SETTINGS) {
                    boolean coupled = COUPLED.stream().anyMatch(c -> c.contains(s.name()) && c.contains(other.name()));
                    if (other != s && !coupled) {
                        assertThat(other.current().apply(changed)).as(s.name() + " leaves " + other.name())
                                .isEqualTo(other.current().apply(base));
                    }
                }
            }
        }
    }

    @Test
    void aRunNamesEveryDefenseSettingItChangedAndNothingOfItsSetup() {
        for (Profile p : Profile.values()) {
            ExperimentConfig base = p.config();
            assertThat(Overrides.departures(base.withSeed(7), base)).isEmpty();
            for (Overrides.Setting s : Overrides.SETTINGS) {
                ExperimentConfig changed = Overrides.apply(base, Map.of(s.name(), OTHER_VALUES.get(s.name())));
                Map<String, String> departures = Overrides.departures(changed, base);
                if (Overrides.SETUP.contains(s.name())) {
                    assertThat(departures).as(p + " " + s.name()).isEmpty();
                } else {
                    assertThat(departures).as(p + " " + s.name()).containsEntry(s.name(), OTHER_VALUES.get(s.name()));
                }
            }
        }
        ExperimentConfig quick = Profile.QUICK.config();
        // Restating the default departs from nothing; the scale of a benchmark cell is not a departure.
        assertThat(Overrides.departures(Overrides.apply(quick, Map.of("patience", quick.akd().patience() + "",
                "trainRows", "3000", "victimEpochs", "5")), quick)).isEmpty();
        assertThat(Overrides.departures(Overrides.apply(quick, Map.of("patience", "0", "laterOnTies", "true")), quick))
                .containsExactly(Map.entry("patience", "0"), Map.entry("laterOnTies", "true"));
    }

    @Test
    void settingsApplyInTableOrderWhateverOrderTheyArriveIn() {
        Map<String, String> layersFirst = new LinkedHashMap<>();
        layersFirst.put("layers", "3");
        layersFirst.put("encoder", "bge-small");
        ModelSpec m = Overrides.apply(Profile.QUICK.config(), layersFirst).victim().model();
        assertThat(m.encoder()).isEqualTo("bge-small");
        assertThat(m.layers()).isEqualTo(3);
    }

    @Test
    void theReadmeSettingsTableIsTheGeneratedOne() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String begin = "<!-- settings-table:begin -->\n";
        int from = readme.indexOf(begin) + begin.length();
        int to = readme.indexOf("<!-- settings-table:end -->");
        assertThat(from).isGreaterThan(begin.length() - 1);
        assertThat(readme.substring(from, to)).as("README settings table; regenerate it from Overrides.markdownTable()")
                .isEqualTo(Overrides.markdownTable());
    }
}
