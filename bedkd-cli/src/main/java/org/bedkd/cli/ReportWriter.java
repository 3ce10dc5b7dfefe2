package org.bedkd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bedkd.defense.akd.ClassShares;
import org.bedkd.defense.mepd.DetectionQuality;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.pipeline.ExperimentReport;

/** Writes a run's results: {@code report.json}, {@code report.md} and PNG plots. */
final class ReportWriter {

    private ReportWriter() {
    }

    static void write(List<ExperimentReport> reports, Path dir) {
        write(reports, dir, List.of());
    }

    /** As above; {@code columns} (for a single report) add per-epoch values to its methods. */
    static void write(List<ExperimentReport> reports, Path dir, List<EpochColumn> columns) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!columns.isEmpty() && reports.size() != 1) {
            throw new IllegalArgumentException("per-epoch columns are written for one report at a time");
        }
        Json.write(dir.resolve("report.json"), reports.size() == 1 ? json(reports.get(0), columns) : reports);
        ExperimentReport first = reports.get(0);
        Plots.methods(first, dir.resolve("asr-cacc.png"));
        if (first.detection() != null) {
            Plots.mepdHistogram(first, dir.resolve("mepd-histogram.png"), 0.5 / first.detection().cleanHistogram().length,
                    first.detection().gamma());
            if (first.detection().scoreTable() != null) {
                try {
                    Files.write(dir.resolve("scores.csv"), first.detection().scoreTable());
                    if (first.detection().calibrationTable() != null) {
                        Files.write(dir.resolve("calibration-scores.csv"), first.detection().calibrationTable());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        first.methods().stream().filter(m -> m.method().equals("bedkd")).findFirst()
                .ifPresent(m -> Plots.epochs(m, first.name() + " BeDKD", dir.resolve("bedkd-epochs.png"),
                        columns.stream().filter(c -> c.method().equals(m.method())).toList()));
        try {
            Files.writeString(dir.resolve("report.md"), markdown(reports));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report as written to report.json, each column's value added to its method's epochs under its key. */
    static Object json(ExperimentReport report, List<EpochColumn> columns) {
        if (columns.isEmpty()) {
            return report;
        }
        ObjectNode json = Json.MAPPER.valueToTree(report);
        for (EpochColumn c : columns) {
            for (JsonNode method : json.path("methods")) {
                if (method.path("method").asText().equals(c.method())) {
                    JsonNode epochs = method.path("epochs");
                    for (int i = 0; i < Math.min(epochs.size(), c.values().size()); i++) {
                        ((ObjectNode) epochs.get(i)).put(c.key(), c.values().get(i));
                    }
                }
            }
        }
        return json;
    }

    private static String classSharesRow(long seed, String method, ClassShares c) {
        return String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %d | %d | %d%s |%n", seed, method,
                c.shiftedClass(), c.validationTexts(), c.suspect(), c.corrected(), c.labelled(), c.matched(),
                c.bounded() ? " (bounded)" : "");
    }

    static String markdown(List<ExperimentReport> reports) {
        StringBuilder md = new StringBuilder();
        ExperimentReport r0 = reports.get(0);
        md.append("# BeDKD run: ").append(r0.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Profile `%s`, data: %s, target label %d, model: MiniLM-L6 (%d layers, max "
                + "%d tokens).%n%n", r0.config().profile(), r0.source(), r0.target(), r0.config().victim().model().layers(),
                r0.config().victim().model().maxSequenceLength()));
        md.append(String.format(Locale.ROOT, "Train %d rows (%d poisoned), few-clean %d, validation %d, test clean %d, "
                + "test triggered %d.%n%n", r0.sizes().train(), r0.sizes().trainPoisoned(), r0.sizes().fewClean(),
                r0.sizes().validation(), r0.sizes().testClean(), r0.sizes().testTriggered()));
        md.append("| seed | method | CACC | ASR | ASR floor | selected epoch | wall time (s) |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (ExperimentReport r : reports) {
            md.append(String.format(Locale.ROOT, "| %d | none (victim) | %.2f | %.2f | %.2f | – | %.0f |%n",
                    r.config().seed(), r.victim().cacc(), r.victim().asr(), r.victim().asrFloor(), r.victimSeconds()));
            for (ExperimentReport.MethodResult m : r.methods()) {
                md.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f | %d | %.0f |%n", r.config().seed(),
                        m.method(), m.evaluation().cacc(), m.evaluation().asr(), m.evaluation().asrFloor(),
                        m.selectedEpoch(), m.seconds()));
            }
        }
        List<String> shares = reports.stream().flatMap(r -> r.methods().stream().filter(m -> m.classShares() != null)
                .map(m -> classSharesRow(r.config().seed(), m.method(), m.classShares()))).toList();
        if (!shares.isEmpty()) {
            md.append("\n## Class shares\n\nHow many of the clean validation texts each AKD epoch was made to call "
                    + "one class (class 1 on two classes, else the class most flagged samples carry; a logit shift, "
                    + "kept in the purified model): the suspect model's count with the poison's label prior undone, "
                    + "held to what the validation labels allow (their count give or take two standard errors; never "
                    + "beyond that on the side the poison favoured).\n\n| seed | method | class | texts | suspect "
                    + "| poison undone | labels | read at |\n|---|---|---|---|---|---|---|---|\n");
            shares.forEach(md::append);
        }
        List<String[]> filters = reports.stream().flatMap(r -> r.methods().stream().filter(m -> m.filter() != null)
                .map(m -> new String[] {String.valueOf(r.config().seed()), m.method(), m.filter().setting(),
                        fmt(m.filter().filterMsPerSample()), fmt(m.filter().modelMsPerSample()),
                        fmt(m.filter().cleanRefused()), fmt(m.filter().triggeredRefused()),
                        String.format(Locale.ROOT, "%.0f", m.filter().fitSeconds())})).toList();
        if (!filters.isEmpty()) {
            md.append("\n## Inference-time filters\n\nIn front of the suspect model as it is: the method rows above are "
                    + "the suspect behind each filter (a refused input counts as wrong on clean text and as a failed "
                    + "attack on triggered text).\n\n| seed | filter | settings (fitted on clean data) | filter ms / "
                    + "input | model ms / input | clean refused | triggered refused | fit (s) |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            filters.forEach(f -> md.append("| ").append(String.join(" | ", f)).append(" |\n"));
        }
        md.append("\n## Detection (DMM + MEPD)\n\n");
        md.append("| seed | DMM flipped-label acc | under γ | kept | clean under γ | est. poisoned | FAR | FRR "
                + "| kept precision | time (s) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ExperimentReport r : reports) {
            ExperimentReport.DetectionReport d = r.detection();
            if (d == null) {
                continue;
            }
            DetectionQuality q = d.quality();
            PoisonEvidence e = d.evidence();
            md.append(String.format(Locale.ROOT, "| %d | %.1f | %d | %d | %s | %s | %s | %s | %s | %.0f |%n",
                    r.config().seed(), d.dmmFlippedAccuracy(), d.belowGamma(), d.flagged(),
                    e == null ? "–" : fmt(e.cleanBelowGamma()),
                    e == null ? "–" : estimate(e),
                    q == null ? "–" : fmt(q.far()),
                    q == null ? "–" : fmt(q.frr()), q == null ? "–" : fmt(q.keptPrecision()), d.seconds()));
        }
        md.append("\nCACC = clean test accuracy; ASR = triggered non-target test samples classified as the target; ASR "
                + "floor = the same kind of samples without trigger classified as the target (plain error). FAR = "
                + "poisoned training samples not flagged; FRR = clean training samples flagged. Epochs are selected on "
                + "the clean validation split (with trigger words inserted where some were named, else with held-out "
                + "flagged samples) only, never on the test set. Clean under "
                + "γ: share of the clean validation split under γ; est. poisoned: ≥ the excess of the training set "
                + "under γ over that rate, a lower bound on its poisoned share read without poison labels (weak: "
                + "under twice the clean rate, so the flagged set is mostly clean text), or ≈ the share carrying the "
                + "trigger words where the excess is larger (the difference is most likely text the suspect model "
                + "trained on scoring lower than unseen text).\n");
        return md.toString();
    }

    private static String estimate(PoisonEvidence e) {
        return e.overestimated() ? "≈ " + fmt(e.bestEstimate()) + " (carriers; excess " + fmt(e.estimatedPoisonShare())
                + ")" : "≥ " + fmt(e.estimatedPoisonShare()) + (e.weak() ? " (weak)" : "");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
