package org.bedkd.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.ClusteredXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultIntervalXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Chart builders over plain numbers, and two outputs: a PNG file and an inline SVG element. Series take their colours
 * in order from the caller's list (opaque, flat fills), so a page's charts can be told apart by colour — which is also
 * how the report's browser test knows each chart was drawn.
 */
public final class Charts {

    /** Okabe–Ito colours: distinct under the common colour-vision deficiencies. */
    public static final List<Color> PALETTE = List.of(new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000));

    private static final Color GRID = new Color(0xDDDDDD);

    public static final int WIDTH = 900;
    public static final int HEIGHT = 500;

    private Charts() {
    }

    /**
     * Side-by-side bars per bin of width {@code binWidth} starting at 0, one series per entry, with an optional
     * threshold marked.
     */
    public static JFreeChart histogram(String title, String xLabel, double binWidth, Map<String, int[]> series,
            Double threshold, String thresholdName, List<Color> colors) {
        DefaultIntervalXYDataset data = new DefaultIntervalXYDataset();
        series.forEach((name, counts) -> data.addSeries(name, bars(counts, binWidth)));
        JFreeChart chart = ChartFactory.createXYBarChart(title, xLabel, false, "samples", data,
                PlotOrientation.VERTICAL, series.size() > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        ClusteredXYBarRenderer renderer = new ClusteredXYBarRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        plot.setRenderer(renderer);
        paint(renderer, colors, series.size());
        if (threshold != null) {
            ValueMarker marker = new ValueMarker(threshold, Color.BLACK, new BasicStroke(2f));
            marker.setLabel(String.format(Locale.ROOT, "%s = %.3f", thresholdName, threshold));
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker);
        }
        return finish(chart);
    }

    /**
     * Lines of (x, y) points sharing the x values, one per named series (NaN leaves a gap), with an optional vertical
     * marker. Values of x spread over decades (learning rates) get a log axis.
     */
    public static JFreeChart lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series,
            Double marker, String markerName, List<Color> colors) {
        return lines(title, xLabel, yLabel, x, series, marker, markerName, colors, true);
    }

    /** As above; {@code logWhenSpread = false} keeps a linear axis (thresholds from 0, where a log axis misleads). */
    public static JFreeChart lines(String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series,
            Double marker, String markerName, List<Color> colors, boolean logWhenSpread) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, y) -> {
            XYSeries points = new XYSeries(name);
            for (int i = 0; i < Math.min(x.length, y.length); i++) {
                if (!Double.isNaN(y[i])) {
                    points.add(x[i], y[i]);
                }
            }
            data.addSeries(points);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                series.size() > 1, false, false);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        paint(renderer, colors, series.size());
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(3f));
            renderer.setSeriesShapesVisible(i, true);
        }
        if (marker != null) {
            ValueMarker line = new ValueMarker(marker, Color.BLACK, new BasicStroke(1.5f));
            line.setLabel(markerName == null ? null : String.format(Locale.ROOT, "%s = %s", markerName,
                    marker == Math.rint(marker) ? String.valueOf(marker.longValue())
                            : String.format(Locale.ROOT, "%.3f", marker)));
            line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            chart.getXYPlot().addDomainMarker(line);
        }
        double min = Arrays.stream(x).filter(v -> !Double.isNaN(v)).min().orElse(0);
        double max = Arrays.stream(x).filter(v -> !Double.isNaN(v)).max().orElse(0);
        if (x.length > 0 && Arrays.stream(x).allMatch(v -> v == Math.rint(v))) {
            // Epochs and counts: whole-number ticks, not 1.05, 1.10, ...
            chart.getXYPlot().getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        if (logWhenSpread && min > 0 && max / min > 30) {
            LogAxis log = new LogAxis(xLabel);
            log.setTickUnit(new NumberTickUnit(0.5)); // ticks at 1, 3.16, 10, ... (log10 steps of one half)
            chart.getXYPlot().setDomainAxis(log);
        }
        return finish(chart);
    }

    /** Grouped bars: {@code values.get(series).get(category)}; a missing or NaN value leaves its bar out. */
    public static JFreeChart bars(String title, String categoryLabel, String valueLabel,
            Map<String, Map<String, Double>> values, List<Color> colors) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((series, byCategory) -> byCategory.forEach((category, v) -> {
            if (v != null && !v.isNaN()) {
                data.addValue(v, series, category);
            }
        }));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        for (int i = 0; i < values.size(); i++) {
            renderer.setSeriesPaint(i, colors.get(i % colors.size()));
        }
        return finish(chart);
    }

    /** The chart as a PNG file of {@link #WIDTH} × {@link #HEIGHT}. */
    public static void png(JFreeChart chart, Path file) {
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The chart as an {@code <svg>} element that scales to its container. {@code id} must be unique in the page: it
     * prefixes the element's clip-path definitions, which would otherwise collide between charts.
     */
    public static String svg(JFreeChart chart, String id) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle(WIDTH, HEIGHT));
        return g.getSVGElement(id, false, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }

    private static JFreeChart finish(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        // Grid lines are white by default (on grey); on white they need a colour.
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
        } else if (chart.getPlot() instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(GRID);
        }
        return chart;
    }

    private static void paint(XYItemRenderer renderer, List<Color> colors, int series) {
        for (int i = 0; i < series; i++) {
            renderer.setSeriesPaint(i, colors.get(i % colors.size()));
        }
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
}
