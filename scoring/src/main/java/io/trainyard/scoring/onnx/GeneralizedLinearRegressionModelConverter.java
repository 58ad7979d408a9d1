package io.trainyard.scoring.onnx;

import io.trainyard.common.TrainyardException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;

/**
 * {@code GeneralizedLinearRegressionModel}: the linear predictor eta = w·x + b, then the inverse of
 * the model's link (onnxmltools ignores it, which is wrong for every link but identity), then
 * Spark's projection of the mean into the family's range ({@code Clip}). Links as Spark resolves
 * them: the {@code link} param when set, else the family's default (gaussian: identity,
 * binomial: logit, poisson: log, gamma: inverse); tweedie: power link with {@code linkPower}
 * (default 1 - variancePower; power 0 is log). Supported inverse links: identity, log
 * ({@code Exp}), logit (1 / (1 + e^-eta)), inverse ({@code Reciprocal}), sqrt (eta²), cloglog
 * (1 - e^(-e^eta)) and power ({@code Pow}). Refused: probit (Breeze's erf has no verified ONNX
 * counterpart) and an {@code offsetCol} (the graph has no offset input).
 */
final class GeneralizedLinearRegressionModelConverter implements StageConverter<GeneralizedLinearRegressionModel> {
    /** Spark's GLR epsilon, the lower bound of a mean that must be positive. */
    private static final double EPSILON = 1e-16;
    private static final List<String> SUPPORTED_LINKS = List.of("identity", "log", "logit", "inverse", "sqrt",
            "cloglog");

    @Override
    public Class<GeneralizedLinearRegressionModel> stageClass() {
        return GeneralizedLinearRegressionModel.class;
    }

    @Override
    public Optional<String> refusal(Params stage) {
        String offset = StageParams.text(stage, "offsetCol");
        if (offset != null && !offset.isEmpty()) {
            return Optional.of("GeneralizedLinearRegression reads an offset column ('" + offset + "'), which the"
                    + " graph has no input for; unset offsetCol or add the offset as a feature");
        }
        String link = StageParams.text(stage, "link");
        if (link != null && !"tweedie".equalsIgnoreCase(StageParams.text(stage, "family"))
                && !SUPPORTED_LINKS.contains(link.toLowerCase(Locale.ROOT))) {
            return Optional.of("GeneralizedLinearRegression uses the " + link + " link, which export does not support;"
                    + " use one of " + String.join(", ", SUPPORTED_LINKS));
        }
        return Optional.empty();
    }

    @Override
    public void convert(GeneralizedLinearRegressionModel stage, ConversionContext context) {
        refusal(stage).ifPresent(reason -> {
            throw TrainyardException.usage("ONNX export: " + reason + " (stage " + stage.uid() + ")");
        });
        String family = stage.getFamily().toLowerCase(Locale.ROOT);
        String eta = LinearModels.predictor(context, stage.getFeaturesCol(), stage.coefficients(), stage.intercept(),
                stage.uid());
        String mean = unlink(context, eta, link(stage, family), linkPower(stage), stage.uid());
        context.regress(project(context, mean, family));
    }

    /** The link as Spark resolves it: tweedie always uses the power link. */
    static String link(GeneralizedLinearRegressionModel stage, String family) {
        if ("tweedie".equals(family)) {
            return "power";
        }
        if (stage.isSet(stage.link())) {
            return stage.getLink().toLowerCase(Locale.ROOT);
        }
        return switch (family) {
            case "binomial" -> "logit";
            case "poisson" -> "log";
            case "gamma" -> "inverse";
            default -> "identity";
        };
    }

    private static double linkPower(GeneralizedLinearRegressionModel stage) {
        return stage.isSet(stage.linkPower()) ? stage.getLinkPower() : 1.0 - stage.getVariancePower();
    }

    private static String unlink(ConversionContext context, String eta, String link, double power, String uid) {
        OnnxGraph graph = context.graph();
        return switch (link) {
            case "identity" -> eta;
            case "log" -> graph.op("Exp", List.of(eta));
            case "logit" -> graph.op("Reciprocal", List.of(graph.op("Add", List.of(context.scalar(1.0),
                    graph.op("Exp", List.of(graph.op("Neg", List.of(eta))))))));
            case "inverse" -> graph.op("Reciprocal", List.of(eta));
            case "sqrt" -> graph.op("Mul", List.of(eta, eta));
            case "cloglog" -> graph.op("Sub", List.of(context.scalar(1.0),
                    graph.op("Exp", List.of(graph.op("Neg", List.of(graph.op("Exp", List.of(eta))))))));
            case "power" -> power == 0.0 ? graph.op("Exp", List.of(eta))
                    : graph.op("Pow", List.of(eta, context.scalar(1.0 / power)));
            default -> throw TrainyardException.usage("ONNX export: GeneralizedLinearRegressionModel " + uid
                    + " uses the " + link + " link, which export does not support; use one of "
                    + String.join(", ", SUPPORTED_LINKS));
        };
    }

    /** Spark's {@code family.project}: the mean clipped into the family's range. */
    private static String project(ConversionContext context, String mean, String family) {
        double low;
        double high;
        switch (family) {
            case "binomial" -> {
                low = EPSILON;
                high = 1.0 - EPSILON;
            }
            case "poisson", "gamma", "tweedie" -> {
                low = EPSILON;
                high = Double.MAX_VALUE;
            }
            default -> {
                low = -Double.MAX_VALUE;
                high = Double.MAX_VALUE;
            }
        }
        OnnxGraph graph = context.graph();
        return graph.op("Clip", List.of(mean, graph.doubles("low", new double[] {low}),
                graph.doubles("high", new double[] {high})));
    }
}
