package org.bedkd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bedkd.cli.CliSupport;

/**
 * FAR and FRR as functions of γ (the paper's Fig. 4), from the MEPD histograms every run stores (20 bins of 0.025 over
 * [0, 0.5]), so sweeping γ costs no training. FAR(γ) = poisoned samples with MEPD ≥ γ / poisoned; FRR(γ) = clean
 * samples with MEPD &lt; γ / clean. Averaged over the seeds of a cell.
 */
final class GammaSweep {

    static final double BIN = 0.025;
    static final double[] TABLE_GAMMAS = {0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3};

    private GammaSweep() {
    }

    /** FAR and FRR (percent) at each bin edge γ = BIN, 2·BIN, ..., from one run's histograms. */
    static double[][] curve(int[] clean, int[] poisoned) {
        long cleanTotal = java.util.Arrays.stream(clean).sum();
        long poisonedTotal = java.util.Arrays.stream(poisoned).sum();
        double[][] out = new double[clean.length][2];
        long cleanBelow = 0;
        long poisonedBelow = 0;
        for (int i = 0; i < clean.length; i++) {
            cleanBelow += clean[i];
            poisonedBelow += poisoned[i];
            out[i][0] = poisonedTotal == 0 ? Double.NaN : 100.0 * (poisonedTotal - poisonedBelow) / poisonedTotal;
            out[i][1] = cleanTotal == 0 ? Double.NaN : 100.0 * cleanBelow / cleanTotal;
        }
        return out;
    }

    /** A cell's mean curve and how many seeds it averages. */
    record Cell(double[][] mean, int seeds) {
    }

    /** Mean curve per cell and profile ({@code sst2-badwords-quick}, ...) over every run under {@code runs}. */
    static Map<String, Cell> cells(Path runs) {
        Map<String, List<double[][]>> curves = new TreeMap<>(GammaSweep::byNumbersInName);
        for (RunReports.Entry e : RunReports.read(runs)) {
            JsonNode d = e.report().get("detection");
            if (d == null || !d.hasNonNull("cleanHistogram")) {
                continue;
            }
            // Profiles (and encoders) differ in training and DMM settings, so their curves are not averaged together.
            String cell = e.report().get("name").asText() + "-" + e.variant();
            curves.computeIfAbsent(cell, k -> new ArrayList<>())
                    .add(curve(ints(d.get("cleanHistogram")), ints(d.get("poisonedHistogram"))));
        }
        Map<String, Cell> means = new LinkedHashMap<>();
        curves.forEach((name, list) -> {
            double[][] mean = new double[list.get(0).length][2];
            for (double[][] c : list) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i][0] += c[i][0] / list.size();
                    mean[i][1] += c[i][1] / list.size();
                }
            }
            means.put(name, new Cell(mean, list.size()));
        });
        return means;
    }

    /**
     * Cell names in order with their numbers read as numbers, so that "sst2-addsent-3pct" comes before
     * "sst2-addsent-10pct" (as strings "10pct" sorts before "1pct").
     */
    static int byNumbersInName(String a, String b) {
        Matcher x = CHUNK.matcher(a);
        Matcher y = CHUNK.matcher(b);
        while (x.find() && y.find()) {
            String p = x.group();
            String q = y.group();
            int c = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))
                    ? new BigInteger(p).compareTo(new BigInteger(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

    /** A Markdown table of FAR / FRR at a few γ per cell, and one PNG per cell next to the results. */
    static String markdownAndPlots(Path results) {
        Map<String, Cell> cells = cells(results.resolve("runs"));
        if (cells.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## FAR / FRR vs γ (Fig. 4)\n\nFrom each run's MEPD histograms (FAR = "
                + "poisoned not flagged, FRR = clean flagged, percent; mean over seeds):\n\n| cell |");
        for (double g : TABLE_GAMMAS) {
            md.append(String.format(Locale.ROOT, " γ = %.3f |", g));
        }
        md.append("\n|---|").append("---|".repeat(TABLE_GAMMAS.length)).append('\n');
        StringBuilder images = new StringBuilder();
        cells.forEach((name, cell) -> {
            double[][] c = cell.mean();
            md.append("| ").append(name).append(" (").append(cell.seeds())
                    .append(cell.seeds() == 1 ? " seed" : " seeds").append(") |");
            for (double g : TABLE_GAMMAS) {
                double[] p = c[(int) Math.round(g / BIN) - 1];
                md.append(String.format(Locale.ROOT, " %.1f / %.1f |", p[0], p[1]));
            }
            md.append('\n');
            double[] x = new double[c.length];
            double[] far = new double[c.length];
            double[] frr = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                x[i] = (i + 1) * BIN;
                far[i] = c[i][0];
                frr[i] = c[i][1];
            }
            String file = "gamma-" + name.replaceAll("[^A-Za-z0-9-]+", "-") + ".png";
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("FAR (poisoned missed)", far);
            series.put("FRR (clean flagged)", frr);
            CliSupport.lineChart(name + ": detection errors vs threshold", "γ (flag MEPD < γ)", "percent", x, series,
                    results.resolve(file));
            images.append("\n![").append(name).append("](").append(file).append(")\n");
        });
        return md.append(images).toString();
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
