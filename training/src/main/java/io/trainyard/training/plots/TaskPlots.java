package io.trainyard.training.plots;

import io.trainyard.training.metrics.BinaryScores;
import io.trainyard.training.metrics.HoldoutEvaluation;
import io.trainyard.training.metrics.MulticlassScores;
import io.trainyard.training.metrics.RecommendationScores;
import io.trainyard.training.metrics.RegressionScores;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.GrayPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The holdout plots of each task (PNG, JFreeChart, headless): binary ROC / precision-recall /
 * calibration ({@link Plots}); multi-class a confusion matrix heat map (rows normalised, counts
 * printed); regression (and a recommender's held-out ratings) predicted vs actual, residuals vs predicted, and for a time series the
 * forecast and the actual values over time.
 */
public final class TaskPlots {
    private static final int SIZE = 640;

    private TaskPlots() {
    }

    /** Writes the task's plots into {@code dir}; returns their file names. */
    public static List<String> write(Path dir, String title, HoldoutEvaluation evaluation) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
            if (evaluation.scores() instanceof BinaryScores b) {
                return Plots.write(dir, title, evaluation.curves(), b.auc(), b.prAuc(), (double) b.positives() / b.rows());
            } else if (evaluation.scores() instanceof MulticlassScores m) {
                ChartUtils.saveChartAsPNG(dir.resolve("confusion.png").toFile(), confusion(title, m), SIZE, SIZE);
                return List.of("confusion.png");
            }
            if (evaluation.scores() instanceof RecommendationScores r) {
                return regression(dir, title + " ratings", r.ratings(), evaluation.points());
            }
            return regression(dir, title, (RegressionScores) evaluation.scores(), evaluation.points());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JFreeChart confusion(String title, MulticlassScores scores) {
        int k = scores.classes().size();
        double[] xs = new double[k * k];
        double[] ys = new double[k * k];
        double[] zs = new double[k * k];
        List<XYTextAnnotation> labels = new ArrayList<>();
        for (int actual = 0; actual < k; actual++) {
            long total = 0;
            for (long count : scores.confusion()[actual]) {
                total += count;
            }
            for (int predicted = 0; predicted < k; predicted++) {
                int i = actual * k + predicted;
                long count = scores.confusion()[actual][predicted];
                xs[i] = predicted;
                ys[i] = actual;
                zs[i] = total == 0 ? 0 : (double) count / total;
                XYTextAnnotation label = new XYTextAnnotation(Long.toString(count), predicted, actual);
                label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, k > 12 ? 8 : 12));
                label.setPaint(zs[i] > 0.5 ? Color.WHITE : Color.BLACK);
                labels.add(label);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("share of the actual class", new double[][] {xs, ys, zs});
        String[] names = scores.classes().toArray(new String[0]);
        SymbolAxis x = new SymbolAxis("predicted", names);
        SymbolAxis y = new SymbolAxis("actual", names);
        y.setInverted(true);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new GrayPaintScale(0, 1) {
            private static final long serialVersionUID = 1L;

            @Override
            public java.awt.Paint getPaint(double value) {
                int shade = (int) Math.round(255 * (1 - Math.max(0, Math.min(1, value))));
                return new Color(shade, shade, 255);
            }
        });
        XYPlot plot = new XYPlot(data, x, y, renderer);
        labels.forEach(plot::addAnnotation);
        return new JFreeChart(String.format(Locale.ROOT, "%s: confusion matrix (holdout), accuracy %.3f, macro F1 %.3f",
                title, scores.accuracy(), scores.macroF1()), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
    }

    private static List<String> regression(Path dir, String title, RegressionScores scores, List<double[]> points)
            throws IOException {
        XYSeries fit = new XYSeries("rows", false, true);
        XYSeries residuals = new XYSeries("rows", false, true);
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (double[] p : points) {
            fit.add(p[0], p[1]);
            residuals.add(p[1], p[0] - p[1]);
            low = Math.min(low, Math.min(p[0], p[1]));
            high = Math.max(high, Math.max(p[0], p[1]));
        }
        XYSeries diagonal = new XYSeries("predicted = actual", false, true);
        diagonal.add(low, low);
        diagonal.add(high, high);
        save(dir.resolve("predicted_vs_actual.png"), scatter(String.format(Locale.ROOT,
                "%s: predicted vs actual (holdout), RMSE %.3f, R² %.3f", title, scores.rmse(), scores.r2()),
                "actual", "predicted", fit, diagonal));
        XYSeries zero = new XYSeries("zero", false, true);
        zero.add(low, 0);
        zero.add(high, 0);
        save(dir.resolve("residuals.png"), scatter(title + ": residuals (actual - predicted) vs predicted",
                "predicted", "residual", residuals, zero));
        List<String> written = new ArrayList<>(List.of("predicted_vs_actual.png", "residuals.png"));
        if (points.stream().anyMatch(p -> p[2] != 0.0)) {
            save(dir.resolve("forecast.png"), forecast(title, points));
            written.add("forecast.png");
        }
        return written;
    }

    private static JFreeChart forecast(String title, List<double[]> points) {
        XYSeries actual = new XYSeries("actual", false, true);
        XYSeries predicted = new XYSeries("forecast", false, true);
        for (double[] p : points) {
            actual.add(p[2], p[0]);
            predicted.add(p[2], p[1]);
        }
        XYSeriesCollection data = new XYSeriesCollection(actual);
        data.addSeries(predicted);
        JFreeChart chart = ChartFactory.createXYLineChart(title + ": forecast vs actual (holdout)",
                "day (days since 1970-01-01)", "value", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    private static JFreeChart scatter(String title, String x, String y, XYSeries rows, XYSeries reference) {
        XYSeriesCollection data = new XYSeriesCollection(rows);
        data.addSeries(reference);
        JFreeChart chart = ChartFactory.createScatterPlot(title, x, y, data, PlotOrientation.VERTICAL, true, false,
                false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesLinesVisible(1, true);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesPaint(0, new Color(31, 119, 180, 120));
        renderer.setSeriesPaint(1, Color.GRAY);
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    private static void save(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, SIZE, SIZE * 3 / 4);
    }
}
