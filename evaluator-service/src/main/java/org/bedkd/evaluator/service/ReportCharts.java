package org.bedkd.evaluator.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.bedkd.charts.Charts;
import org.bedkd.charts.ReportColours;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.EpochStats;
import org.bedkd.contracts.MepdHistogram;
import org.bedkd.metrics.Evaluation;

/**
 * The report's pictures, as inline SVG: what the detector saw (MEPD histogram with γ; FAR/FRR against γ where the set
 * marks its poison), how purification went (validation CACC and held-out rate per epoch) and what it changed (suspect
 * vs purified), each in colours of its own ({@link ReportColours}).
 */
public final class ReportCharts {

    /** A drawn chart: its caption and its {@code <svg>} element. */
    public record Chart(String id, String caption, String svg) {
    }

    private ReportCharts() {
    }

    /** The charts the report's facts allow, in reading order. */
    public static List<Chart> of(EvaluationReport r) {
        List<Chart> charts = new ArrayList<>();
        DetectionSummary d = r.detection();
        MepdHistogram h = d == null ? null : d.mepdHistogram();
        if (h != null) {
            charts.add(histogram(h, d.gamma()));
            if (h.poisoned() != null) {
                charts.add(rates(h, d.gamma()));
            }
        }
        if (!r.epochs().isEmpty()) {
            charts.add(epochs(r.epochs(), r.selectedEpoch()));
        }
        if (r.before() != null && r.after() != null) {
            charts.add(beforeAfter(r.before(), r.after(), r.spec().target() != null));
        }
        return charts;
    }

    private static Chart histogram(MepdHistogram h, double gamma) {
        Map<String, int[]> series = new LinkedHashMap<>();
        if (h.poisoned() != null) {
            series.put("marked clean", java.util.stream.IntStream.range(0, h.samples().size()).map(h::unmarked)
                    .toArray());
            series.put("marked poisoned", ints(h.poisoned()));
        } else {
            series.put("training samples", ints(h.samples()));
        }
        String id = "chart-mepd";
        return new Chart(id, "MEPD of the training samples, γ marked: the samples left of γ were scored as poisoned."
                + " The last bin holds every score above it.",
                Charts.svg(Charts.histogram("MEPD of the training samples", "MEPD", h.binWidth(), series, gamma, "γ",
                        ReportColours.HISTOGRAM), id));
    }

    /** FAR and FRR had γ been each bin edge; with calibration, the clean calibration share under it (γ's rule). */
    private static Chart rates(MepdHistogram h, double gamma) {
        int bins = h.samples().size();
        double[] edges = new double[bins];
        double[] far = new double[bins];
        double[] frr = new double[bins];
        double[] calibration = new double[bins];
        long poisonedTotal = sum(h.poisoned());
        long cleanTotal = sum(h.samples()) - poisonedTotal;
        long calibrationTotal = h.calibration() == null ? 0 : sum(h.calibration());
        long poisonedBelow = 0;
        long cleanBelow = 0;
        long calibrationBelow = 0;
        for (int i = 0; i < bins; i++) {
            poisonedBelow += h.poisoned().get(i);
            cleanBelow += h.unmarked(i);
            calibrationBelow += h.calibration() == null ? 0 : h.calibration().get(i);
            edges[i] = (i + 1) * h.binWidth();
            far[i] = share(poisonedTotal - poisonedBelow, poisonedTotal);
            frr[i] = share(cleanBelow, cleanTotal);
            calibration[i] = share(calibrationBelow, calibrationTotal);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("FAR: poisoned samples missed", far);
        series.put("FRR: clean samples flagged", frr);
        if (h.calibration() != null) {
            series.put("clean calibration under γ", calibration);
        }
        String id = "chart-rates";
        return new Chart(id, "FAR and FRR had γ been set at each MEPD (from the set's own poison marks); the"
                + " calibration line is what γ's rule reads without them.",
                Charts.svg(Charts.lines("FAR / FRR against γ", "γ", "percent", edges, series, gamma, "γ",
                        ReportColours.RATES, false), id));
    }

    private static Chart epochs(List<EpochStats> epochs, int selected) {
        double[] x = epochs.stream().mapToDouble(EpochStats::epoch).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("validation CACC", values(epochs, EpochStats::validationCacc));
        if (epochs.stream().anyMatch(e -> e.heldOutLabelRate() != null)) {
            series.put("held-out flagged still on the target label", values(epochs,
                    e -> e.heldOutLabelRate() == null ? Double.NaN : e.heldOutLabelRate()));
        }
        if (epochs.stream().anyMatch(e -> e.triggerFlipRate() != null)) {
            series.put("trigger flips", values(epochs, e -> e.triggerFlipRate() == null ? Double.NaN
                    : e.triggerFlipRate()));
        }
        if (epochs.stream().anyMatch(e -> e.validationBalancedAccuracy() != null)) {
            series.put("validation balanced accuracy", values(epochs, e -> e.validationBalancedAccuracy() == null
                    ? Double.NaN : e.validationBalancedAccuracy()));
        }
        String id = "chart-epochs";
        return new Chart(id, "Purification epoch by epoch, on validation data only; the marked epoch was kept.",
                Charts.svg(Charts.lines("Purification epochs", "epoch", "percent", x, series, (double) selected,
                        "kept", ReportColours.EPOCHS), id));
    }

    private static Chart beforeAfter(Evaluation before, Evaluation after, boolean hasTarget) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        values.put("suspect (before)", metrics(before, hasTarget));
        values.put("purified (after)", metrics(after, hasTarget));
        String id = "chart-before-after";
        return new Chart(id, "The suspect and the purified model on the job's test sets.",
                Charts.svg(Charts.bars("Before and after purification", "", "percent", values,
                        ReportColours.BEFORE_AFTER), id));
    }

    private static Map<String, Double> metrics(Evaluation e, boolean hasTarget) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("CACC", e.cacc());
        if (hasTarget) {
            m.put("ASR", e.asr());
            m.put("ASR floor", e.asrFloor());
        }
        return m;
    }

    private static double[] values(List<EpochStats> epochs, ToDoubleFunction<EpochStats> f) {
        return epochs.stream().mapToDouble(f).toArray();
    }

    private static int[] ints(List<Integer> counts) {
        return counts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long sum(List<Integer> counts) {
        return counts.stream().mapToLong(Integer::longValue).sum();
    }

    private static double share(long part, long total) {
        return total == 0 ? Double.NaN : 100.0 * part / total;
    }
}
