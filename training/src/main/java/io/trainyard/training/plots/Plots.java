package io.trainyard.training.plots;

import io.trainyard.training.metrics.Curves;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Writes the holdout evaluation plots as PNG files with JFreeChart (headless). */
public final class Plots {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private Plots() {
    }

    /** Writes roc.png, pr.png and calibration.png into {@code dir}; returns their names. */
    public static List<String> write(Path dir, String title, Curves curves, double auc, double prAuc,
                                     double baseRate) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
            save(dir.resolve("roc.png"), lineChart(title + ": ROC (holdout)", "false positive rate",
                    "true positive rate", series(String.format(Locale.ROOT, "model, AUC %.3f", auc), curves.roc()),
                    diagonal("chance", 0, 0, 1, 1)));
            save(dir.resolve("pr.png"), lineChart(title + ": precision-recall (holdout)", "recall", "precision",
                    series(String.format(Locale.ROOT, "model, PR-AUC %.3f", prAuc), curves.pr()),
                    diagonal(String.format(Locale.ROOT, "base rate %.3f", baseRate), 0, baseRate, 1, baseRate)));
            List<double[]> calibration = curves.calibration().stream().map(b -> new double[] {b[0], b[1]}).toList();
            JFreeChart chart = lineChart(title + ": calibration (holdout, 10 bins; n = rows per bin)",
                    "mean predicted probability", "observed positive rate", series("model", calibration),
                    diagonal("perfectly calibrated", 0, 0, 1, 1));
            XYPlot plot = chart.getXYPlot();
            ((XYLineAndShapeRenderer) plot.getRenderer()).setSeriesShapesVisible(0, true);
            for (double[] bin : curves.calibration()) {
                XYTextAnnotation count = new XYTextAnnotation("n=" + (long) bin[2], bin[0], Math.min(1.0, bin[1] + 0.035));
                count.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
                count.setPaint(Color.DARK_GRAY);
                plot.addAnnotation(count);
            }
            save(dir.resolve("calibration.png"), chart);
            return List.of("roc.png", "pr.png", "calibration.png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JFreeChart lineChart(String title, String x, String y, XYSeries model, XYSeries reference) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(model);
        data.addSeries(reference);
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false,
                false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1.02);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(31, 119, 180));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesPaint(1, Color.GRAY);
        renderer.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        plot.setRenderer(renderer);
        return chart;
    }

    private static XYSeries series(String name, List<double[]> points) {
        XYSeries series = new XYSeries(name, false, true);
        for (double[] point : points) {
            series.add(point[0], point[1]);
        }
        return series;
    }

    private static XYSeries diagonal(String name, double x0, double y0, double x1, double y1) {
        XYSeries series = new XYSeries(name, false, true);
        series.add(x0, y0);
        series.add(x1, y1);
        return series;
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
