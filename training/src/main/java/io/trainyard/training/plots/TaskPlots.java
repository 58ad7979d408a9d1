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
 * The holdout plots of each task (PNG, JFreeChart, headless), each titled with its axes named:
 * binary ROC / precision-recall / calibration with each bin's rows ({@link Plots}) and the confusion
 * matrix at the chosen threshold; multi-class a confusion matrix heat map (rows normalised, counts
 * printed); a tree model's feature importance; regression (and a recommender's held-out ratings) predicted vs actual, residuals vs predicted, and for a time series the
 * forecast and the actual values over time.
 */
public final class TaskPlots {
    private static final int SIZE = 640;

    private TaskPlots() {
    }

    /**
     * What the holdout scores alone do not say.
     *
     * @param classes a binary model's class names (negative, positive), else null
     * @param threshold a binary model's chosen decision threshold, else NaN
     * @param confusionAtThreshold tp, fp, tn, fn on the holdout at {@code threshold}, else null
     * @param importance a tree model's feature importances, else null
     */
    public record Extras(List<String> classes, double threshold, long[] confusionAtThreshold,
                         FeatureImportance importance) {
        public static final Extras NONE = new Extras(null, Double.NaN, null, null);
    }

    /** Writes the task's plots into {@code dir}; returns their file names. */
    public static List<String> write(Path dir, String title, HoldoutEvaluation evaluation) {
        return write(dir, title, evaluation, Extras.NONE);
    }

    /** Writes the task's plots, and the extras' (binary confusion, feature importance), into {@code dir}. */
    public static List<String> write(Path dir, String title, HoldoutEvaluation evaluation, Extras extras) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(dir);
            List<String> written = new ArrayList<>();
            if (evaluation.scores() instanceof BinaryScores b) {
                written.addAll(Plots.write(dir, title, evaluation.curves(), b.auc(), b.prAuc(),
                        (double) b.positives() / b.rows()));
                ChartUtils.saveChartAsPNG(dir.resolve("confusion.png").toFile(), binaryConfusion(title, b, extras),
                        SIZE * 3 / 4, SIZE * 3 / 4);
                written.add("confusion.png");
            } else if (evaluation.scores() instanceof MulticlassScores m) {
                ChartUtils.saveChartAsPNG(dir.resolve("confusion.png").toFile(), confusion(title, m), SIZE, SIZE);
                written.add("confusion.png");
            } else if (evaluation.scores() instanceof RecommendationScores r) {
                written.addAll(regression(dir, title + " ratings", r.ratings(), evaluation.points()));
            } else {
                written.addAll(regression(dir, title, (RegressionScores) evaluation.scores(), evaluation.points()));
            }
            if (extras.importance() != null && !extras.importance().features().isEmpty()) {
                save(dir.resolve("feature_importance.png"), importance(title, extras.importance()));
                written.add("feature_importance.png");
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The binary confusion matrix at the chosen threshold, else at the model's own prediction (probability 0.5). */
    static JFreeChart binaryConfusion(String title, BinaryScores scores, Extras extras) {
        long tp;
        long fp;
        long tn;
        long fn;
        String at;
        if (extras.confusionAtThreshold() != null) {
            long[] c = extras.confusionAtThreshold();
            tp = c[0];
            fp = c[1];
            tn = c[2];
            fn = c[3];
            at = String.format(Locale.ROOT, "at the chosen threshold %.4g", extras.threshold());
        } else {
            tp = scores.confusion().getOrDefault("tp", 0L);
            fp = scores.confusion().getOrDefault("fp", 0L);
            tn = scores.confusion().getOrDefault("tn", 0L);
            fn = scores.confusion().getOrDefault("fn", 0L);
            at = "at the model's prediction";
        }
        List<String> classes = extras.classes() != null ? extras.classes() : List.of("negative", "positive");
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        return heatMap(String.format(Locale.ROOT, "%s: confusion matrix (holdout) %s, precision %.3f, recall %.3f",
                title, at, precision, recall), classes, new long[][] {{tn, fp}, {fn, tp}});
    }

    /** The largest importances (at most 20) as horizontal bars, largest on top. */
    static JFreeChart importance(String title, FeatureImportance importance) {
        org.jfree.data.category.DefaultCategoryDataset data = new org.jfree.data.category.DefaultCategoryDataset();
        importance.features().stream().limit(20).forEach(f -> data.addValue(f.importance(), "share", f.name()));
        JFreeChart chart = ChartFactory.createBarChart(title + ": feature importance (top "
                        + Math.min(20, importance.features().size()) + " of " + importance.features().size() + ")",
                "feature", "share of importance", data, PlotOrientation.HORIZONTAL, false, false, false);
        org.jfree.chart.plot.CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesPaint(0, new Color(31, 119, 180));
        ((org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer())
                .setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(importance.kind(),
                new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        return chart;
    }

    static JFreeChart confusion(String title, MulticlassScores scores) {
        return heatMap(String.format(Locale.ROOT, "%s: confusion matrix (holdout), accuracy %.3f, macro F1 %.3f",
                title, scores.accuracy(), scores.macroF1()), scores.classes(), scores.confusion());
    }

    /** Counts of actual (rows) by predicted (columns) class, shaded by their share of the actual class. */
    static JFreeChart heatMap(String chartTitle, List<String> classes, long[][] confusion) {
        int k = classes.size();
        double[] xs = new double[k * k];
        double[] ys = new double[k * k];
        double[] zs = new double[k * k];
        List<XYTextAnnotation> labels = new ArrayList<>();
        for (int actual = 0; actual < k; actual++) {
            long total = 0;
            for (long count : confusion[actual]) {
                total += count;
            }
            for (int predicted = 0; predicted < k; predicted++) {
                int i = actual * k + predicted;
                long count = confusion[actual][predicted];
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
        String[] names = classes.toArray(new String[0]);
        SymbolAxis x = new SymbolAxis("predicted class", names);
        SymbolAxis y = new SymbolAxis("actual class", names);
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
        return new JFreeChart(chartTitle, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
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
