package org.bedkd.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bedkd.defense.akd.AkdEpoch;
import org.bedkd.pipeline.ExperimentReport;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts of a run, for people who would rather look than read. */
final class Plots {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Plots() {
    }

    /** CACC, ASR and the ASR floor of the victim and every defense. */
    static void methods(ExperimentReport r, Path file) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        add(data, "none", r.victim().cacc(), r.victim().asr(), r.victim().asrFloor());
        for (ExperimentReport.MethodResult m : r.methods()) {
            add(data, m.method(), m.evaluation().cacc(), m.evaluation().asr(), m.evaluation().asrFloor());
        }
        JFreeChart chart = ChartFactory.createBarChart(r.name() + ": clean accuracy and attack success", "defense",
                "percent", data, PlotOrientation.VERTICAL, true, false, false);
        save(chart, file);
    }

    private static void add(DefaultCategoryDataset d, String method, double cacc, double asr, double floor) {
        d.addValue(cacc, "CACC", method);
        d.addValue(asr, "ASR", method);
        d.addValue(floor, "ASR floor (no trigger)", method);
    }

    /** MEPD distribution of clean vs poisoned training samples, with γ marked. */
    static void mepdHistogram(ExperimentReport r, Path file, double binWidth, double gamma) {
        int[] clean = r.detection().cleanHistogram();
        int[] poisoned = r.detection().poisonedHistogram();
        DefaultIntervalXYDataset data = new DefaultIntervalXYDataset();
        data.addSeries("clean", bars(clean, binWidth));
        data.addSeries("poisoned", bars(poisoned, binWidth));
        JFreeChart chart = ChartFactory.createXYBarChart(r.name() + ": MEPD of training samples", "MEPD", false,
                "samples", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ((XYBarRenderer) plot.getRenderer()).setShadowVisible(false);
        plot.getRenderer().setSeriesPaint(0, new Color(70, 130, 180, 170));
        plot.getRenderer().setSeriesPaint(1, new Color(220, 60, 60, 170));
        ValueMarker marker = new ValueMarker(gamma, Color.BLACK, new BasicStroke(2f));
        marker.setLabel(String.format(java.util.Locale.ROOT, "gamma = %.3f", gamma));
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(marker);
        save(chart, file);
    }

    /** {x, xStart, xEnd, y, yStart, yEnd} rows for a histogram series. */
    private static double[][] bars(int[] counts, double width) {
        double[][] d = new double[6][counts.length];
        for (int i = 0; i < counts.length; i++) {
            d[0][i] = (i + 0.5) * width;
            d[1][i] = i * width;
            d[2][i] = (i + 1) * width;
            d[3][i] = counts[i];
            d[4][i] = 0;
            d[5][i] = counts[i];
        }
        return d;
    }

    /** Validation CACC and held-out flagged label rate per purification epoch, and the caller's own columns. */
    static void epochs(ExperimentReport.MethodResult m, String title, Path file, List<EpochColumn> columns) {
        XYSeries cacc = new XYSeries("validation CACC");
        XYSeries heldOut = new XYSeries("held-out flagged still on target label");
        List<AkdEpoch> epochs = m.epochs();
        for (AkdEpoch e : epochs) {
            cacc.add(e.epoch(), e.validationCacc());
            if (!Double.isNaN(e.heldOutLabelRate())) {
                heldOut.add(e.epoch(), e.heldOutLabelRate());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(cacc);
        data.addSeries(heldOut);
        for (EpochColumn c : columns) {
            XYSeries extra = new XYSeries(c.label());
            for (int i = 0; i < Math.min(epochs.size(), c.values().size()); i++) {
                extra.add(epochs.get(i).epoch(), c.values().get(i));
            }
            data.addSeries(extra);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title + " (selected epoch " + m.selectedEpoch() + ")", "epoch",
                "percent", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().getRenderer().setSeriesStroke(0, new BasicStroke(2f));
        chart.getXYPlot().getRenderer().setSeriesStroke(1, new BasicStroke(2f));
        save(chart, file);
    }

    /** Lines of (x, y) points sharing the x values, one per named series. */
    static void lines(String title, String xLabel, String yLabel, double[] x, java.util.Map<String, double[]> series,
            Path file) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, y) -> {
            XYSeries points = new XYSeries(name);
            for (int i = 0; i < x.length; i++) {
                points.add(x[i], y[i]);
            }
            data.addSeries(points);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                series.size() > 1, false, false);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesShapesVisible(i, true);
        }
        // Values spread over decades (learning rates) read best on a log axis.
        double min = Arrays.stream(x).filter(v -> !Double.isNaN(v)).min().orElse(0);
        double max = Arrays.stream(x).filter(v -> !Double.isNaN(v)).max().orElse(0);
        if (min > 0 && max / min > 30) {
            LogAxis log = new LogAxis(xLabel);
            log.setTickUnit(new NumberTickUnit(0.5)); // ticks at 1, 3.16, 10, ... (log10 steps of one half)
            chart.getXYPlot().setDomainAxis(log);
        }
        save(chart, file);
    }

    private static void save(JFreeChart chart, Path file) {
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
