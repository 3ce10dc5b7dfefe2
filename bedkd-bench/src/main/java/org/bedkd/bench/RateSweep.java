package org.bedkd.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bedkd.cli.CliSupport;

/**
 * ASR against the poison rate, one plot per built dataset × attack × target: where along the rates the default
 * holds is easier seen than read from one table per rate.
 */
final class RateSweep {

    static final String METHOD = "bedkd";

    private RateSweep() {
    }

    static String markdownAndPlots(List<Map<String, Object>> cells, Path dir) {
        Map<String, List<Map<String, Object>>> sweeps = cells.stream()
                .filter(c -> METHOD.equals(c.get("method")) && Cells.settings(c).isEmpty() && c.get("variant") != null)
                .collect(Collectors.groupingBy(RateSweep::sweepName, TreeMap::new, Collectors.toList()));
        StringBuilder md = new StringBuilder();
        sweeps.forEach((name, rows) -> {
            Map<Double, List<Map<String, Object>>> byRate = rows.stream().collect(Collectors.groupingBy(
                    Cells::poisonRate, TreeMap::new, Collectors.toList()));
            if (byRate.size() < 2) {
                return;
            }
            double[] rates = byRate.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("victim ASR", means(byRate, "victim_asr"));
            series.put("BeDKD ASR", means(byRate, "asr"));
            series.put("BeDKD's own floor", means(byRate, "asr_floor"));
            series.put("clean reference's floor", means(byRate, "reference_asr_floor"));
            String file = "rates-" + name.replaceAll("[^A-Za-z0-9-]+", "-") + ".png";
            CliSupport.lineChart(name + ": ASR vs poison rate (bedkd, mean over seeds)", "poison rate (%)",
                    "percent", rates, series, dir.resolve(file));
            md.append("\n![").append(name).append("](").append(file).append(")\n");
        });
        return md.isEmpty() ? "" : "\n## ASR vs poison rate\n\nThe default (`bedkd`) on the cells built at each rate; "
                + "a victim ASR under 90 % means the victim did not learn the trigger at that rate (see the scorecard "
                + "above).\n" + md;
    }

    /**
     * dataset, attack, target, training rows, profile, precision: one point per rate on one plot, the rest of the
     * setting the same (a 1 % cell on the whole set with more victim epochs is not a point of the 3,000-row line).
     */
    private static String sweepName(Map<String, Object> c) {
        return String.format(Locale.ROOT, "%s-%s-t%s-%srows-%s-%s", c.get("dataset"), c.get("attack"), c.get("target"),
                c.get("train_rows"), Cells.profile(c), Cells.precision(c))
                + (c.get("trigger") == null ? "" : "-trigger-" + c.get("trigger")); // a sweep keeps to one trigger
    }

    private static double[] means(Map<Double, List<Map<String, Object>>> byRate, String key) {
        return byRate.values().stream().mapToDouble(rows -> {
            Double m = Scorecard.mean(rows, key);
            return m == null ? Double.NaN : m;
        }).toArray();
    }
}
