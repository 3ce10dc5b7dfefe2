package org.bedkd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well the defender's selection signal tracks the truth, from runs made with {@code --audit-test-asr}: per method,
 * the rank correlation over epochs between the held-out flagged samples' target rate (what selection minimises) and the
 * test-set ASR (which selection never sees), and the test ASR of the selected epoch next to the best epoch's.
 */
final class ProxyAudit {

    private ProxyAudit() {
    }

    /** One audited purification run. */
    record Row(String run, String method, int epochs, double spearman, int selectedEpoch, double selectedAsr,
            int bestEpoch, double bestAsr) {
    }

    static List<Row> rows(Path runs) {
        List<Row> out = new ArrayList<>();
        for (RunReports.Entry e : RunReports.read(runs)) {
            for (JsonNode m : e.report().path("methods")) {
                Row row = row(e.run(), m);
                if (row != null) {
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static Row row(String run, JsonNode method) {
        List<double[]> points = new ArrayList<>(); // {held-out rate, test ASR}
        int best = 0;
        double bestAsr = Double.POSITIVE_INFINITY;
        for (JsonNode e : method.path("epochs")) {
            JsonNode asr = e.get("auditTestAsr");
            JsonNode heldOut = e.get("heldOutLabelRate");
            if (asr == null || asr.isNull() || heldOut == null || !heldOut.isNumber()) {
                return null; // not audited, or no held-out set (FT, KD)
            }
            points.add(new double[] {heldOut.asDouble(), asr.asDouble()});
            if (asr.asDouble() < bestAsr) {
                bestAsr = asr.asDouble();
                best = e.get("epoch").asInt();
            }
        }
        if (points.size() < 2) {
            return null;
        }
        int selected = method.get("selectedEpoch").asInt();
        return new Row(run, method.get("method").asText(), points.size(), spearman(points), selected,
                points.get(selected - 1)[1], best, bestAsr);
    }

    /** Spearman's ρ (Pearson on mid-ranks); NaN when either side is constant. */
    static double spearman(List<double[]> points) {
        double[] a = ranks(points.stream().mapToDouble(p -> p[0]).toArray());
        double[] b = ranks(points.stream().mapToDouble(p -> p[1]).toArray());
        return Cells.pearson(a, b);
    }

    private static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = 0;
            int equal = 0;
            for (double x : v) {
                below += x < v[i] ? 1 : 0;
                equal += x == v[i] ? 1 : 0;
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    static String markdown(Path runs) {
        List<Row> rows = rows(runs);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Does the held-out proxy track the test ASR?\n\nRuns made with "
                + "`--audit-test-asr`: every AKD epoch's model was also scored on the triggered test set (selection never"
                + " saw it). ρ = Spearman correlation over epochs between the held-out flagged target rate and the test "
                + "ASR; then the test ASR of the epoch selection picked next to the best epoch in hindsight.\n\n"
                + "| run | method | epochs | ρ | selected epoch: test ASR | best epoch: test ASR |\n"
                + "|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %d: %.2f | %d: %.2f |%n", r.run(), r.method(),
                    r.epochs(), Double.isNaN(r.spearman()) ? "–" : String.format(Locale.ROOT, "%.2f", r.spearman()),
                    r.selectedEpoch(), r.selectedAsr(), r.bestEpoch(), r.bestAsr()));
        }
        return md.toString();
    }
}
