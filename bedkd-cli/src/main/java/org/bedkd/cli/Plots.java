package org.bedkd.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.charts.Charts;
import org.bedkd.defense.akd.AkdEpoch;
import org.bedkd.pipeline.ExperimentReport;

/** PNG charts of a run, for people who would rather look than read. */
final class Plots {

    private Plots() {
    }

    /** CACC, ASR and the ASR floor of the victim and every defense. */
    static void methods(ExperimentReport r, Path file) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        add(values, "none", r.victim().cacc(), r.victim().asr(), r.victim().asrFloor());
        for (ExperimentReport.MethodResult m : r.methods()) {
            add(values, m.method(), m.evaluation().cacc(), m.evaluation().asr(), m.evaluation().asrFloor());
        }
        Charts.png(Charts.bars(r.name() + ": clean accuracy and attack success", "defense", "percent", values,
                Charts.PALETTE), file);
    }

    private static void add(Map<String, Map<String, Double>> values, String method, double cacc, double asr,
            double floor) {
        values.computeIfAbsent("CACC", k -> new LinkedHashMap<>()).put(method, cacc);
        values.computeIfAbsent("ASR", k -> new LinkedHashMap<>()).put(method, asr);
        values.computeIfAbsent("ASR floor (no trigger)", k -> new LinkedHashMap<>()).put(method, floor);
    }

    /** MEPD distribution of clean vs poisoned training samples, with γ marked. */
    static void mepdHistogram(ExperimentReport r, Path file, double binWidth, double gamma) {
        Map<String, int[]> series = new LinkedHashMap<>();
        series.put("clean", r.detection().cleanHistogram());
        series.put("poisoned", r.detection().poisonedHistogram());
        Charts.png(Charts.histogram(r.name() + ": MEPD of training samples", "MEPD", binWidth, series, gamma,
                "gamma", Charts.PALETTE), file);
    }

    /** Validation CACC, balanced accuracy and held-out flagged rate per purification epoch, and the caller's columns. */
    static void epochs(ExperimentReport.MethodResult m, String title, Path file, List<EpochColumn> columns) {
        List<AkdEpoch> epochs = m.epochs();
        double[] x = epochs.stream().mapToDouble(AkdEpoch::epoch).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("validation CACC", epochs.stream().mapToDouble(AkdEpoch::validationCacc).toArray());
        series.put("validation balanced accuracy",
                epochs.stream().mapToDouble(AkdEpoch::validationBalancedAccuracy).toArray());
        series.put("held-out flagged still on target label",
                epochs.stream().mapToDouble(AkdEpoch::heldOutLabelRate).toArray());
        for (EpochColumn c : columns) {
            series.put(c.label(), c.values().stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray());
        }
        Charts.png(Charts.lines(title + " (selected epoch " + m.selectedEpoch() + ")", "epoch", "percent", x, series,
                null, null, Charts.PALETTE), file);
    }

    /** Lines of (x, y) points sharing the x values, one per named series. */
    static void lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series,
            Path file) {
        Charts.png(Charts.lines(title, xLabel, yLabel, x, series, null, null, Charts.PALETTE), file);
    }
}
