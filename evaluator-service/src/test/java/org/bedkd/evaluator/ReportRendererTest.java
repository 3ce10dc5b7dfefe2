package org.bedkd.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.bedkd.contracts.ArtifactRef;
import org.bedkd.contracts.ClassShares;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.EpochStats;
import org.bedkd.contracts.JobSpec;
import org.bedkd.contracts.MepdHistogram;
import org.bedkd.data.LabelSchema;
import org.bedkd.evaluator.service.EvaluationReport;
import org.bedkd.evaluator.service.ReportRenderer;
import org.bedkd.metrics.ConfusionMatrix;
import org.bedkd.metrics.Evaluation;
import org.junit.jupiter.api.Test;

/** The human-readable report says plainly when detection found little evidence of poison. */
class ReportRendererTest {

    private static final ArtifactRef REF = new ArtifactRef("store:x", "00", 1);
    private static final JobSpec SPEC = JobSpec.builder().suspectModel(REF).train(REF).clean(REF)
            .testClean(REF).testTriggered(REF).schema("olid").target(1).seed(7).build();

    private static EvaluationReport report(DetectionSummary detection) {
        return new EvaluationReport("job-r", SPEC, detection, REF, REF, 2, true, List.of(), null, null, true,
                List.of("validation CACC and balanced accuracy of the selected epoch within tolerance of the suspect "
                        + "model"), 1.0, null, null,
                null, null, null);
    }

    @Test
    void weakEvidenceIsCalledOutAndStrongEvidenceIsJustReported() {
        var weak = new DetectionSummary(11914, 0.05f, "clean q0.05", 626, 626, 93.3, 5.2, 30.0, 40.0, 5.0, 0.26, true);
        String md = ReportRenderer.markdown(report(weak));
        assertThat(md).contains("626 under gamma 0.0500 (clean q0.05)")
                .contains("Clean text under gamma: 5.00 %; estimated poisoned share at least 0.26 %.")
                .contains("**Weak evidence of poison:**");
        assertThat(ReportRenderer.html(report(weak))).contains("Weak evidence of poison:").doesNotContain("**");

        var strong = new DetectionSummary(3000, 0.07f, "clean q0.05", 750, 750, 2.9, 3.3, 30.0, 40.0, 5.0, 21.05,
                false);
        assertThat(ReportRenderer.markdown(report(strong))).contains("estimated poisoned share at least 21.05 %.")
                .doesNotContain("Weak evidence");

        var fixed = new DetectionSummary(3000, 0.1f, "0.100", 700, 32, null, null, 30.0, 40.0, null, null, null);
        assertThat(ReportRenderer.markdown(report(fixed))).doesNotContain("estimated poisoned share");
    }

    @Test
    void anExcessBeyondTheTriggerCarriersIsReportedAsMemorisationNotPoison() {
        // OLID AddSent 5 %, seed 44: gamma fitted at the 42 % clean quantile, 1,679 of 3,000 under it, 169 carriers.
        var memorised = new DetectionSummary(3000, 0.37f, "fit at clean q0.420", 1679, 169, 0.0, 0.46, 98.8, 37.0, 42.0,
                24.08, false, List.of("3d", "movie"), List.of("3d", "movie", "watch"));
        assertThat(ReportRenderer.markdown(report(memorised)))
                .contains("estimated poisoned share about 5.63 %, the share carrying the trigger words")
                .contains("The excess over clean text under gamma, 24.08 %, is larger")
                .doesNotContain("at least 24.08");

        // Where the excess stays under the carriers (an everyday trigger word also in clean text), it is the estimate.
        var everyday = new DetectionSummary(3000, 0.2f, "fit at clean q0.303", 800, 1254, 0.0, 27.0, 98.0, 37.0, 30.3,
                15.0, false, List.of("movie"), List.of("3d", "movie", "watch"));
        assertThat(ReportRenderer.markdown(report(everyday))).contains("estimated poisoned share at least 15.00 %.");
    }

    @Test
    void perClassRecallTriggerFlipsAndSuspectedTriggersAreShown() {
        // Eight clean test sentences, four per class; the purified model leans away from the target (1).
        int[] labels = {0, 0, 0, 0, 1, 1, 1, 1};
        Evaluation before = new Evaluation(100, 90, 0, 8, 10,
                ConfusionMatrix.of(new int[] {0, 0, 0, 0, 1, 1, 1, 1}, labels, 2), 0, 75);
        Evaluation after = new Evaluation(75, 10, 0, 8, 10,
                ConfusionMatrix.of(new int[] {0, 0, 0, 0, 0, 0, 1, 1}, labels, 2), 25, 0);
        var detection = new DetectionSummary(3000, 0.07f, "fit at clean q0.031", 750, 750, null, null, 30.0, 40.0,
                5.0, 21.05, false, List.of("cf", "mn"));
        // Trigger words named: every flagged carrier was punished, none held out, and the flips are the signal.
        var epochs = List.of(new EpochStats(1, Map.of("trust", 0.5), 84.0, null, 9.0, false, 12.5, 80.5, 0.5),
                new EpochStats(2, Map.of("trust", 0.4), 85.0, null, 9.0, false, 1.25, 82.0, -1.25));
        var r = new EvaluationReport("job-r", SPEC, detection, REF, REF, 2, true, epochs, before, after, true,
                List.of(), 1.0, "cf", "detector", before.classRecall(LabelSchema.OLID),
                after.classRecall(LabelSchema.OLID), new ClassShares(400, 118, 218, 123, 141));
        String md = ReportRenderer.markdown(r);
        assertThat(md).contains("Words most over-represented in the flagged samples (the trigger is probably among"
                + " them): `cf`, `mn`.")
                .contains("when \"cf\" (the word most over-represented in the flagged samples) is inserted")
                .contains("| purified (after) | 75.00 | 10.00 % | 0.00 % | " + LabelSchema.OLID.labelName(0)
                        + " 100.00 %, " + LabelSchema.OLID.labelName(1) + " 50.00 % | 25.00 % / 0.00 % |")
                .contains("| epoch | validation CACC | balanced accuracy | trigger flips |"
                        + " logit shift | losses | s |\n|---|---|---|---|---|---|---|")
                .contains("| 2 | 85.00 | 82.00 | 1.25 % | -1.25 | trust 0.4000 | 9.0 |")
                .contains("Second class on 400 validation sentences: the suspect model 118, with the poison's labels"
                        + " undone 218, labelled 123; read at 141 (held by the labels).");

        // No trigger word: a share of the flagged samples was held out, and its rate is the signal.
        var heldOut = List.of(new EpochStats(1, Map.of("trust", 0.5), 84.0, 10.0, 9.0, false, null, 80.5, 0.5));
        var withoutWords = new EvaluationReport("job-r", SPEC, detection, REF, REF, 1, true, heldOut, before, after,
                true, List.of(), 1.0, "cf", "detector", before.classRecall(LabelSchema.OLID),
                after.classRecall(LabelSchema.OLID), new ClassShares(400, 118, 218, 123, 141, "offensive"));
        assertThat(ReportRenderer.markdown(withoutWords))
                .contains("| epoch | validation CACC | balanced accuracy | held-out flagged on target | logit shift |")
                .contains("| 1 | 84.00 | 80.50 | 10.00 % | +0.50 | trust 0.5000 | 9.0 |")
                // A producer that names the held class (any number of classes) has it named in the report.
                .contains("what was added to class `offensive`'s logit")
                .contains("Class `offensive` on 400 validation sentences: the suspect model 118");
    }

    @Test
    void theWebPageCarriesOneInlineSvgPerChartTheFactsAllow() {
        int[] labels = {0, 0, 1, 1};
        Evaluation before = new Evaluation(100, 90, 0, 4, 4, ConfusionMatrix.of(labels, labels, 2), 0, 0);
        // Five bins of 0.1: poison low, clean high, the clean calibration like the clean part of the set.
        var histogram = new MepdHistogram(0.1, List.of(9, 3, 4, 30, 50), List.of(8, 2, 0, 0, 0),
                List.of(1, 1, 2, 10, 20));
        var detection = new DetectionSummary(96, 0.15f, "clean q0.05", 11, 11, 0.0, 1.2, 30.0, 40.0, 5.0, 6.0, false,
                List.of(), List.of(), histogram);
        var epochs = List.of(new EpochStats(1, Map.of("trust", 0.5), 84.0, 10.0, 9.0, false),
                new EpochStats(2, Map.of("trust", 0.4), 85.0, 5.0, 9.0, false));
        var full = new EvaluationReport("job-r", SPEC, detection, REF, REF, 2, true, epochs, before, before, true,
                List.of(), 1.0, null, null, null, null, null);
        String html = ReportRenderer.html(full);
        assertThat(html).contains("<h2>Charts</h2>").contains("id='chart-mepd'").contains("id='chart-rates'")
                .contains("id='chart-epochs'").contains("id='chart-before-after'").doesNotContain("<script");
        assertThat(html.split("<svg", -1)).hasSize(5);
        // Each chart's defs are its own: ids must not collide between the four inline SVGs.
        assertThat(html).contains("chart-mepd-").contains("chart-epochs-");
        assertThat(html.indexOf("<h2>Charts</h2>")).isLessThan(html.indexOf("<h2>Detection</h2>"));

        // Without the set's poison marks there is no FAR/FRR; without test sets, no before/after.
        var unmarked = new DetectionSummary(96, 0.15f, "clean q0.05", 11, 11, null, null, 30.0, 40.0, 5.0, 6.0, false,
                List.of(), List.of(), new MepdHistogram(0.1, histogram.samples(), null, null));
        String partial = ReportRenderer.html(new EvaluationReport("job-r", SPEC, unmarked, REF, REF, 2, true, epochs,
                null, null, true, List.of(), 1.0, null, null, null, null, null));
        assertThat(partial).contains("id='chart-mepd'").contains("id='chart-epochs'")
                .doesNotContain("id='chart-rates'").doesNotContain("id='chart-before-after'");
        // A report from a detector that predates the histogram still renders, without that chart.
        assertThat(ReportRenderer.html(report(new DetectionSummary(96, 0.15f, "0.150", 11, 11, null, null, 30.0, 40.0,
                null, null, null)))).doesNotContain("<svg");
    }
}
