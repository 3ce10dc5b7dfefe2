package org.bedkd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bedkd.pipeline.Profile;

/**
 * Wall time of the {@code paper} profile, as {@code bench reproduce --profile paper} recorded it in each run's
 * {@code report.json} (about 45 minutes per SST-2 cell on 2 cores, so {@code bench performance} collects it
 * instead of repeating it).
 */
final class PaperProfileRuns {

    private PaperProfileRuns() {
    }

    /** One row per paper-profile run under {@code runs}, oldest name first; empty when there are none. */
    static List<Map<String, Object>> collect(Path runs) {
        return RunReports.read(runs).stream().filter(e -> e.profile().equals(Profile.PAPER.id()))
                .map(e -> row(e.run(), e.report())).toList();
    }

    private static Map<String, Object> row(String run, JsonNode r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run", run);
        row.put("train_rows", r.path("sizes").path("train").asInt());
        row.put("total_s", r.path("totalSeconds").asDouble());
        row.put("victim_s", r.path("victimSeconds").asDouble());
        double accounted = r.path("victimSeconds").asDouble();
        if (r.hasNonNull("detection")) {
            row.put("detection_s", r.path("detection").path("seconds").asDouble());
            accounted += r.path("detection").path("seconds").asDouble();
        }
        Map<String, Object> methods = new LinkedHashMap<>();
        for (JsonNode m : r.path("methods")) {
            methods.put(m.path("method").asText(), m.path("seconds").asDouble());
            accounted += m.path("seconds").asDouble();
        }
        row.put("method_s", methods);
        // Data loading, test-set evaluation of every model, checkpoint copies.
        row.put("other_s", r.path("totalSeconds").asDouble() - accounted);
        return row;
    }

    /** The table for PERFORMANCE.md. */
    static String markdown(List<?> rows) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%nPaper profile (the paper's "
                + "hyper-parameters on the full training set, every baseline; `bin/bedkd bench reproduce --profile "
                + "paper`, read from `runs/*-paper-*/report.json`):%n%n| run | training rows | total | victim | DMM + MEPD | methods | "
                + "other (loading, test evaluation) |%n|---|---|---|---|---|---|---|%n"));
        for (Object o : rows) {
            if (o instanceof Map<?, ?> row) {
                StringBuilder methods = new StringBuilder();
                if (row.get("method_s") instanceof Map<?, ?> m) {
                    m.forEach((name, s) -> methods.append(methods.isEmpty() ? "" : ", ").append(name).append(' ')
                            .append(minutes(s)));
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", row.get("run"),
                        row.get("train_rows"), minutes(row.get("total_s")), minutes(row.get("victim_s")),
                        minutes(row.get("detection_s")), methods, minutes(row.get("other_s"))));
            }
        }
        return md.toString();
    }

    private static String minutes(Object seconds) {
        return seconds instanceof Number n ? String.format(Locale.ROOT, "%.1f min", n.doubleValue() / 60) : "–";
    }
}
