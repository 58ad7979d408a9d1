package io.trainyard.jobs.tracking;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.Task;
import io.trainyard.training.model.Candidate;
import io.trainyard.training.model.ModelCatalogue;
import io.trainyard.training.model.ModelFamily;
import io.trainyard.training.spec.ModelSpec;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.junit.jupiter.api.Test;

/** {@code export.onnx: true} refuses, before any fit, what the ONNX export could not convert. */
class ExportLintTest {
    private static List<Candidate> candidates(Task task, ModelSpec... specs) {
        return ModelCatalogue.candidates(List.of(specs), new ModelFamily.FamilyContext(42L, 2, task));
    }

    @Test
    void everyShippedFamilyExportsWithItsDefaults() {
        for (Task task : Task.values()) {
            List<ModelSpec> all = ModelCatalogue.families(task).stream().map(f -> new ModelSpec(f, null, null)).toList();
            assertThatCode(() -> new ExportLint().check(List.of(new VectorAssembler()),
                    candidates(task, all.toArray(new ModelSpec[0])), task)).doesNotThrowAnyException();
        }
    }

    @Test
    void aCandidateWithAnUnexportableParamIsNamedWithTheExportableFamilies() {
        List<Candidate> dart = candidates(Task.BINARY, new ModelSpec("xgboost", Map.of("booster", "dart"), null));

        assertThatThrownBy(() -> new ExportLint().check(List.of(), dart, Task.BINARY))
                .isInstanceOf(TrainyardException.class)
                .extracting(e -> ((TrainyardException) e).category()).isEqualTo(ErrorCategory.USAGE);
        assertThatThrownBy(() -> new ExportLint().check(List.of(), dart, Task.BINARY))
                .hasMessage("export.onnx is true, but candidate xgboost {booster=dart} cannot be exported: XGBoost"
                        + " booster 'dart' has no ONNX converter; use booster gbtree (the default). Families that"
                        + " export for task binary: logistic-regression, decision-tree, random-forest, gbt, mlp,"
                        + " xgboost (with their default params); or set export.onnx: false");
    }

    @Test
    void aModelWithoutConverterIsNamed() {
        ModelFamily fm = new ModelFamily() {
            @Override
            public String name() {
                return "fm";
            }

            @Override
            public List<Task> tasks() {
                return List.of(Task.BINARY);
            }

            @Override
            public Estimator<?> prototype(FamilyContext context) {
                return new FMClassifier();
            }
        };
        Candidate factorization = new Candidate(fm, Map.of(), new FMClassifier());

        assertThatThrownBy(() -> new ExportLint().check(List.of(), List.of(factorization), Task.BINARY))
                .hasMessageStartingWith("export.onnx is true, but candidate fm {} cannot be exported: FMClassifier"
                        + " fits a model no ONNX converter is known for. Families that export for task binary:");
    }

    @Test
    void aFeatureStageWithoutExactEquivalentIsNamedWithTheFix() {
        List<PipelineStage> lookAhead = List.of(new RegexTokenizer().setPattern("\\w+(?=\\s)"));
        List<PipelineStage> skipping = List.of(new StringIndexer().setHandleInvalid("skip"));
        List<PipelineStage> hashing = List.of(new HashingTF());

        assertThatThrownBy(() -> new ExportLint().check(lookAhead, List.of(), Task.BINARY))
                .hasMessage("export.onnx is true, but the feature stage RegexTokenizer cannot be exported:"
                        + " RegexTokenizer pattern '\\w+(?=\\s)' has no exact ONNX equivalent; use one character class,"
                        + " escape (\\s \\w \\d \\W \\D \\S \\p{L}...) or literal character, optionally followed by +,"
                        + " e.g. \\s+ or [^\\p{L}\\p{N}]+; change the features section or set export.onnx: false");
        assertThatThrownBy(() -> new ExportLint().check(skipping, List.of(), Task.BINARY))
                .hasMessageContaining("StringIndexer has handleInvalid=skip; a graph can neither drop nor fail single"
                        + " rows, so export needs handleInvalid=keep");
        assertThatThrownBy(() -> new ExportLint().check(hashing, List.of(), Task.BINARY))
                .hasMessageContaining("the feature stage HashingTF cannot be exported: HashingTF has no ONNX converter");
    }
}
