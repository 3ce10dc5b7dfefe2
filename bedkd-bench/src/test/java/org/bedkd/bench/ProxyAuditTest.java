package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyAuditTest {

    @TempDir
    Path runs;

    @Test
    void spearmanIsOneForTheSameOrderMinusOneForTheReverseAndHandlesTies() {
        assertThat(ProxyAudit.spearman(List.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, 90})))
                .isCloseTo(1.0, within(1e-12));
        assertThat(ProxyAudit.spearman(List.of(new double[] {1, 30}, new double[] {2, 20}, new double[] {3, 10})))
                .isCloseTo(-1.0, within(1e-12));
        assertThat(ProxyAudit.spearman(List.of(new double[] {1, 5}, new double[] {2, 5}))).isNaN();
    }

    @Test
    void auditedMethodsBecomeRowsAndUnauditedOnesAreSkipped() throws Exception {
        Files.createDirectories(runs.resolve("sst2-badwords-quick-42"));
        Files.writeString(runs.resolve("sst2-badwords-quick-42/report.json"), """
                [{"name": "sst2-badwords", "methods": [
                  {"method": "bedkd", "selectedEpoch": 2, "epochs": [
                    {"epoch": 1, "heldOutLabelRate": 40.0, "auditTestAsr": 50.0},
                    {"epoch": 2, "heldOutLabelRate": 10.0, "auditTestAsr": 8.0},
                    {"epoch": 3, "heldOutLabelRate": 12.0, "auditTestAsr": 6.0}]},
                  {"method": "ft", "selectedEpoch": 1, "epochs": [
                    {"epoch": 1, "heldOutLabelRate": "NaN", "auditTestAsr": 99.0}]},
                  {"method": "bedkd-paper", "selectedEpoch": 1, "epochs": [
                    {"epoch": 1, "heldOutLabelRate": 40.0, "auditTestAsr": null},
                    {"epoch": 2, "heldOutLabelRate": 30.0, "auditTestAsr": null}]}]}]
                """);
        List<ProxyAudit.Row> rows = ProxyAudit.rows(runs);
        assertThat(rows).hasSize(1);
        ProxyAudit.Row r = rows.get(0);
        assertThat(r.method()).isEqualTo("bedkd");
        assertThat(r.spearman()).isCloseTo(0.5, within(1e-12));
        assertThat(r.selectedAsr()).isEqualTo(8.0);
        assertThat(r.bestEpoch()).isEqualTo(3);
        assertThat(ProxyAudit.markdown(runs)).contains("| sst2-badwords-quick-42 | bedkd | 3 | 0.50 | 2: 8.00 | 3: 6.00 |");
    }
}
