package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.bedkd.cli.CliSupport;
import org.bedkd.defense.mepd.GammaRule;
import org.bedkd.defense.mepd.MepdConfig;
import org.bedkd.pipeline.Experiment;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.TaskCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-ASR audit on a real (tiny) BeDKD run of the embedded slice: a listener beside the algorithm. */
class TestAsrAuditTest {

    @TempDir
    Path results;

    @Test
    void everyEpochIsScoredOnTheTestSetAndLandsInTheReportNotInTheMethodsTime() throws Exception {
        // Enough flagged samples (γ at the clean 20 % quantile) that some are held out, which the proxy audit needs.
        ExperimentConfig config = SweepTest.tiny().withMethods(List.of("bedkd"))
                .withAkd(SweepTest.tiny().akd().withEpochs(2).withPatience(0))
                .withMepd(new MepdConfig(GammaRule.cleanQuantile(0.2f), 0, 64));
        TestAsrAudit audit = new TestAsrAudit(TaskCatalog.demo().target(), config.evalBatchSize());
        ExperimentReport raw = Experiment.run(TaskCatalog.demo(), config, Progress.NONE, audit);
        ExperimentReport r = audit.withoutAuditTime(raw);

        ExperimentReport.MethodResult bedkd = r.method("bedkd");
        assertThat(audit.columns()).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("bedkd");
            assertThat(c.key()).isEqualTo(TestAsrAudit.KEY);
            assertThat(c.values()).hasSize(2).allSatisfy(asr -> assertThat(asr).isBetween(0.0, 100.0));
            // The audit scored the epoch's own weights: the selected epoch's score is the purified model's test ASR,
            // to one sentence: the audit reads the model as training holds it, the evaluation reads it frozen for
            // inference (its bf16 weights cast once), and where the CPU has AMX libtorch's bf16 kernels need not give
            // the two bit-identical logits (one sentence of the 100 turned there: 51 against 50).
            double oneSentence = 100.0 / r.sizes().testTriggered();
            assertThat(c.values().get(bedkd.selectedEpoch() - 1)).isCloseTo(bedkd.evaluation().asr(),
                    within(oneSentence + 1e-9));
        });
        // Scoring is not training: the method's time lost what the audit took, and nothing else changed.
        assertThat(bedkd.seconds()).isPositive().isLessThan(raw.method("bedkd").seconds());
        assertThat(r.withMethods(raw.methods())).isEqualTo(raw);

        // report.json carries the values per epoch (what ProxyAudit reads); everything else is as without the audit.
        Path run = results.resolve("runs/sst2-badwords-demo-test-42");
        CliSupport.writeRun(r, run, audit.columns());
        JsonNode audited = CliSupport.json().readTree(run.resolve("report.json").toFile());
        JsonNode epochs = audited.at("/methods/0/epochs");
        List<Double> asr = audit.columns().get(0).values();
        assertThat(epochs).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(epochs.get(i).get(TestAsrAudit.KEY).asDouble()).isEqualTo(asr.get(i));
            ((ObjectNode) epochs.get(i)).remove(TestAsrAudit.KEY);
        }
        Path plain = results.resolve("plain");
        CliSupport.writeRun(r, plain);
        assertThat(audited).isEqualTo(CliSupport.json().readTree(plain.resolve("report.json").toFile()));
        assertThat(ProxyAudit.rows(results.resolve("runs"))).singleElement()
                .satisfies(row -> assertThat(row.epochs()).isEqualTo(2));
    }
}
