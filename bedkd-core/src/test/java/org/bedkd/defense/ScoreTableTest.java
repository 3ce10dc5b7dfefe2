package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.defense.mepd.MepdDetector;
import org.bedkd.defense.mepd.ScoreTable;
import org.bedkd.defense.mepd.ScoredSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreTableTest {

    @TempDir
    Path dir;

    @Test
    void flaggedIdsRoundTripInMepdOrderEvenWithCommasInIds() throws Exception {
        var d = MepdDetector.rank(List.of(new ScoredSample("b", 0.3f, 0, null), new ScoredSample("a,\"x\"", 0.01f, 1, null),
                new ScoredSample("c", 0.02f, 1, null)), new MepdConfig(GammaRule.fixed(0.1f), 0, 8), List.of());
        Path f = Files.write(dir.resolve("scores.csv"), ScoreTable.csv(d, Map.of("c", true, "b", false)));
        List<String> lines = Files.readAllLines(f);
        assertThat(lines.get(0)).isEqualTo(ScoreTable.HEADER);
        assertThat(lines.get(2)).isEqualTo("c,0.020000,1,1,1");
        assertThat(lines.get(3)).isEqualTo("b,0.300000,0,0,0");
        assertThat(ScoreTable.flaggedIds(f)).containsExactly("a,\"x\"", "c");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "id,score\n1,0.2\n");
        assertThatThrownBy(() -> ScoreTable.flaggedIds(bad)).hasMessageContaining("not a score table");
    }

    @Test
    void theCalibrationScoresAFittedGammaReadsAreWrittenLowestFirst() {
        List<ScoredSample> clean = List.of(new ScoredSample("v2", 0.4f, 1, false),
                new ScoredSample("v1", 0.05f, 0, false));
        var d = MepdDetector.rank(List.of(new ScoredSample("a", 0.01f, 1, null), new ScoredSample("b", 0.3f, 0, null)),
                new MepdConfig(GammaRule.cleanQuantile(0.5f), 0, 8), clean);
        assertThat(new String(ScoreTable.calibrationCsv(d), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(ScoreTable.CALIBRATION_HEADER + "\nv1,0.050000,0\nv2,0.400000,1\n");
        var fixed = MepdDetector.rank(d.ranked(), new MepdConfig(GammaRule.fixed(0.1f), 0, 8), List.of());
        assertThat(new String(ScoreTable.calibrationCsv(fixed), java.nio.charset.StandardCharsets.UTF_8))
                .as("a fixed γ scores no clean text").isEqualTo(ScoreTable.CALIBRATION_HEADER + "\n");
    }
}
