package org.bedkd.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    @Test
    void aChartBecomesAPngOfTheDeclaredSizeAndAScalableSvgWithItsOwnIds() throws Exception {
        Map<String, int[]> series = new LinkedHashMap<>();
        series.put("clean", new int[] {1, 5, 9});
        series.put("poisoned", new int[] {7, 1, 0});
        var chart = Charts.histogram("MEPD", "MEPD", 0.1, series, 0.15, "γ", ReportColours.HISTOGRAM);

        Path png = dir.resolve("h.png");
        Charts.png(chart, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);

        String svg = Charts.svg(chart, "chart-h");
        assertThat(svg).startsWith("<svg").contains("id='chart-h'").contains("viewBox='0.0 0.0 900.0 500.0'")
                .contains("γ = 0.150").contains("rgb(0,114,178)").contains("rgb(213,94,0)")
                .contains("clipPath id='chart-h-");
    }

    @Test
    void linesSkipMissingValuesAndKeepALinearAxisWhenAsked() {
        double[] x = {0.001, 0.01, 0.1};
        Map<String, double[]> y = Map.of("rate", new double[] {1, Double.NaN, 3});
        var log = Charts.lines("t", "x", "y", x, y, null, null, Charts.PALETTE);
        var linear = Charts.lines("t", "x", "y", x, y, null, null, Charts.PALETTE, false);
        assertThat(log.getXYPlot().getDomainAxis()).isInstanceOf(org.jfree.chart.axis.LogAxis.class);
        assertThat(linear.getXYPlot().getDomainAxis()).isNotInstanceOf(org.jfree.chart.axis.LogAxis.class);
        assertThat(linear.getXYPlot().getDataset().getItemCount(0)).isEqualTo(2);
    }
}
