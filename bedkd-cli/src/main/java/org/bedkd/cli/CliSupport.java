package org.bedkd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bedkd.model.DjlRuntime;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.pipeline.Overrides;
import org.bedkd.pipeline.Profile;
import org.bedkd.pipeline.Progress;

/** What subcommand packages share: runtime set-up, configs, progress, result files. */
public final class CliSupport {

    private CliSupport() {
    }

    public static void applyRuntime() {
        DjlRuntime.configure();
    }

    /** A profile's config with named overrides and a seed. */
    public static ExperimentConfig config(String profile, Map<String, String> overrides, long seed) {
        return Overrides.apply(Profile.parse(profile).config(), overrides).withSeed(seed);
    }

    public static Progress progress() {
        return new ConsoleProgress(System.err);
    }

    /** report.json, report.md and plots of one run. */
    public static void writeRun(ExperimentReport report, Path dir) {
        writeRun(report, dir, List.of());
    }

    /** The same, with per-epoch values the caller measured beside the defenses' training. */
    public static void writeRun(ExperimentReport report, Path dir, List<EpochColumn> columns) {
        ReportWriter.write(List.of(report), dir, columns);
    }

    /** A PNG line chart: one line per named series over shared x values. */
    public static void lineChart(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series,
            Path file) {
        Plots.lines(title, xLabel, yLabel, x, series, file);
    }

    public static ObjectMapper json() {
        return Json.MAPPER;
    }

    public static void writeJson(Path file, Object value) {
        Json.write(file, value);
    }

    /** Text after this marker in a generated results page is a person's analysis and survives regeneration. */
    public static final String NOTES_MARKER = "<!-- notes: kept when this file is regenerated -->";

    /**
     * Writes a generated page, keeping whatever follows {@link #NOTES_MARKER} in the existing file (the marker is
     * added, with nothing after it, to a new page).
     */
    public static void writeGeneratedPage(Path md, String generated) {
        try {
            String old = Files.exists(md) ? Files.readString(md) : "";
            int at = old.indexOf(NOTES_MARKER);
            String notes = at < 0 ? "\n" : old.substring(at + NOTES_MARKER.length());
            Files.writeString(md, generated + "\n" + NOTES_MARKER + notes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code git rev-parse --short HEAD} of the working directory when first asked, or "unknown". */
    public static String commit() {
        String c = commit;
        if (c == null) {
            c = System.getProperty("bedkd.commit");
            c = c != null ? c : gitHead();
            commit = c;
        }
        return c;
    }

    /**
     * The commit is read once, at the first call: a long benchmark stamps every row with the commit it started at,
     * not with whatever HEAD is when the row is written (a commit made while it ran would be credited with rows the
     * older jar produced). {@code -Dbedkd.commit=} names it for a jar run away from its checkout.
     */
    private static volatile String commit;

    private static String gitHead() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
