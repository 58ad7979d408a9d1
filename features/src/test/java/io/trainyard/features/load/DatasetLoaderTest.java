package io.trainyard.features.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DatasetSpec;
import io.trainyard.features.spec.FeatureColumns;
import io.trainyard.features.spec.LabelSpec;
import io.trainyard.features.spec.RecommendationSpec;
import io.trainyard.features.spec.Task;
import io.trainyard.features.spec.TextFeatures;
import io.trainyard.features.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class DatasetLoaderTest {
    private static final List<String> CHURN_CATEGORICAL =
            List.of("state", "area_code", "international_plan", "voice_mail_plan");

    @TempDir
    Path dir;

    private final DatasetLoader loader;

    DatasetLoaderTest(SparkSession spark) {
        this.loader = new DatasetLoader(spark);
    }

    static DatasetSpec churn(String labelColumn, String positive) {
        String path = SparkSessionExtension.repoFile("data/samples/mlc_churn.csv").toString();
        return new DatasetSpec(DataSource.of(path, null), new LabelSpec(labelColumn, positive),
                List.of("customer_id"), new FeatureColumns(CHURN_CATEGORICAL, null, null, null));
    }

    private DatasetSpec csv(String content, FeatureColumns features, String positive) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, content);
        return new DatasetSpec(DataSource.of(file.toString(), null), new LabelSpec("y", positive), List.of("id"),
                features);
    }

    @Test
    void loadsTheChurnSampleWithInferredNumericColumns() {
        LoadedDataset data = loader.loadForTraining(churn("churn", "yes"));

        assertThat(data.rows()).isEqualTo(5000);
        assertThat(data.positives()).isEqualTo(707);
        assertThat(data.schema().categorical()).containsExactlyElementsOf(CHURN_CATEGORICAL);
        assertThat(data.schema().numeric()).hasSize(15).contains("account_length", "total_day_minutes");
        assertThat(data.schema().negativeClass()).isEqualTo("no");
        Row first = data.frame().orderBy("customer_id").first();
        assertThat(first.<Double>getAs("total_day_minutes")).isEqualTo(265.1);
        assertThat(first.<Double>getAs(DatasetSchema.LABEL)).isEqualTo(0.0);
        assertThat(data.frame().filter(DatasetSchema.LABEL + " = 1.0").count()).isEqualTo(707);
    }

    @Test
    void aLabelColumnThatDoesNotExistIsNamedWithASuggestion() {
        assertThatThrownBy(() -> loader.loadForTraining(churn("churnn", "yes")))
                .isInstanceOf(TrainyardException.class)
                .hasMessageStartingWith("Column 'churnn' (label.column) not found in ")
                .hasMessageContaining("did you mean 'churn'?")
                .satisfies(e -> assertThat(((TrainyardException) e).category()).isEqualTo(ErrorCategory.DATA));
    }

    @Test
    void aPositiveClassThatIsNotALabelValueIsRefused() {
        assertThatThrownBy(() -> loader.loadForTraining(churn("churn", "Yes")))
                .hasMessage("label.positive 'Yes' is not a value of label 'churn' (values: no, yes); "
                        + "set label.positive to one of them");
    }

    @Test
    void aLabelWithOneClassOnlyIsRefused() throws IOException {
        DatasetSpec spec = csv("id,x,y\n1,0.5,no\n2,0.7,no\n", FeatureColumns.inferred(), "yes");
        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .hasMessage("Label 'y' has one class only ('no' in 2 rows); a classifier needs both classes: "
                        + "check the input or its filter");
    }

    @Test
    void anEmptyInputIsRefused() throws IOException {
        DatasetSpec spec = csv("id,x,y\n", FeatureColumns.inferred(), "yes");
        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .hasMessageEndingWith("has no rows; a model needs data to train on")
                .satisfies(e -> assertThat(((TrainyardException) e).exitCode()).isEqualTo(3));
    }

    @Test
    void aDeclaredNumericColumnHoldingTextIsRefusedWithAnExample() throws IOException {
        DatasetSpec spec = csv("id,x,y\n1,0.5,no\n2,abc,yes\n3,1.5,yes\n",
                new FeatureColumns(null, List.of("x"), null, null), "yes");
        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .hasMessageContaining("Column 'x' in ")
                .hasMessageEndingWith("must be numeric but holds text in 1 rows (e.g. 'abc'); fix the data or list "
                        + "the column under features.categorical");
    }

    @Test
    void inferenceMakesTextColumnsCategoricalAndImputesGaps() throws IOException {
        DatasetSpec spec = csv("id,x,colour,y\n1,0.5,red,no\n2,,blue,yes\n3,1.5,red,yes\n",
                FeatureColumns.inferred(), "yes");
        LoadedDataset data = loader.loadForTraining(spec);
        assertThat(data.schema().numeric()).containsExactly("x");
        assertThat(data.schema().categorical()).containsExactly("colour");
        assertThat(data.missingCounts()).containsEntry("x", 1L);
    }

    @Test
    void textNaNInACsvNumberIsAGapLikeAnEmptyValue() throws IOException {
        DatasetSpec spec = csv("id,x,y\n1,0.5,no\n2,NaN,yes\n3,,yes\n4,1.5,no\n", FeatureColumns.inferred(), "yes");
        LoadedDataset data = loader.loadForTraining(spec);
        assertThat(data.schema().numeric()).containsExactly("x");
        assertThat(data.missingCounts()).containsEntry("x", 2L);
        data.release();
    }

    @Test
    void missingValuesFailWhenThePolicyIsError() throws IOException {
        DatasetSpec spec = csv("id,x,y\n1,0.5,no\n2,,yes\n", new FeatureColumns(null, null, null, "error"), "yes");
        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .hasMessageEndingWith("is missing in 1 rows and features.missing is 'error'; set features.missing: "
                        + "median (or mean) to impute");
    }

    @Test
    void aMissingFileIsAUsageError() {
        DatasetSpec spec = new DatasetSpec(DataSource.of(dir.resolve("nope.csv").toString(), null),
                new LabelSpec("y", null), List.of(), null);
        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .hasMessageEndingWith("nope.csv does not exist")
                .satisfies(e -> assertThat(((TrainyardException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void aCsvFileReadAsParquetIsADataErrorInOneLine() throws IOException {
        Path file = dir.resolve("rows.data");
        java.nio.file.Files.writeString(file, "id,x,y\n1,0.5,no\n2,0.7,yes\n");
        DatasetSpec spec = new DatasetSpec(DataSource.of(file.toString(), null), new LabelSpec("y", "yes"), List.of(),
                null);
        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .isInstanceOf(TrainyardException.class)
                .hasMessage("Input " + file + " is not Parquet (read as Parquet because its name does not end in .csv,"
                        + " .csv.gz or .tsv): for CSV pass --input-format csv (score) or set data.format: csv (train)")
                .satisfies(e -> assertThat(((TrainyardException) e).exitCode()).isEqualTo(3));
    }

    @Test
    void positiveClassIsInferredForZeroOneLabels() throws IOException {
        DatasetSpec spec = csv("id,x,y\n1,0.5,0\n2,0.7,1\n3,0.1,0\n", FeatureColumns.inferred(), null);
        LoadedDataset data = loader.loadForTraining(spec);
        assertThat(data.schema().positiveClass()).isEqualTo("1");
        assertThat(data.positives()).isEqualTo(1);
    }

    @Test
    void scoringInputMissingAModelColumnIsRefused() throws IOException {
        DatasetSchema schema = new DatasetSchema(List.of("id"), List.of("colour"), List.of("x", "z"), "y", "1", "0");
        Path file = dir.resolve("score.csv");
        Files.writeString(file, "id,colour,x\n1,red,0.5\n");
        assertThatThrownBy(() -> loader.loadForScoring(DataSource.of(file.toString(), null), schema))
                .hasMessageStartingWith("Column 'z' (the model's input columns) not found in ");
    }

    @Test
    void scoringInputIsTypedLikeTheTrainingData() throws IOException {
        DatasetSchema schema = new DatasetSchema(List.of("id"), List.of("colour"), List.of("x"), "y", "1", "0");
        Path file = dir.resolve("score.csv");
        Files.writeString(file, "id,colour,x,extra\n1,red,0.5,zzz\n2,,,zzz\n");
        List<Row> rows = loader.loadForScoring(DataSource.of(file.toString(), null), schema).orderBy("id")
                .collectAsList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).<Double>getAs("x")).isEqualTo(0.5);
        assertThat(rows.get(1).isNullAt(rows.get(1).fieldIndex("x"))).isTrue();
        assertThat(rows.get(0).schema().fieldNames()).containsExactly("id", "colour", "x");
    }

    @Test
    void multiclassLabelsAreIndexedInNumericOrderAndKeptInTheSchema() throws IOException {
        Path file = dir.resolve("multi.csv");
        Files.writeString(file, "id,x,y\na,1,10\nb,2,9\nc,3,10\nd,4,2\ne,5,9\n");
        DatasetSpec spec = new DatasetSpec(DataSource.of(file.toString(), null), new LabelSpec("y", null),
                List.of("id"), FeatureColumns.inferred(), Task.MULTICLASS, null);

        LoadedDataset data = loader.loadForTraining(spec);

        assertThat(data.schema().classes()).containsExactly("2", "9", "10");
        assertThat(data.schema().task()).isEqualTo(Task.MULTICLASS);
        List<Row> rows = data.frame().orderBy("id").collectAsList();
        assertThat(rows).extracting(r -> r.<Double>getAs(DatasetSchema.LABEL)).containsExactly(2.0, 1.0, 2.0, 0.0, 1.0);
    }

    @Test
    void aRegressionLabelMustBeNumeric() throws IOException {
        Path file = dir.resolve("reg.csv");
        Files.writeString(file, "id,x,y\na,1,1.5\nb,2,lots\nc,3,2\n");
        DatasetSpec spec = new DatasetSpec(DataSource.of(file.toString(), null), new LabelSpec("y", null),
                List.of("id"), FeatureColumns.inferred(), Task.REGRESSION, null);

        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .isInstanceOfSatisfying(TrainyardException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
                .hasMessage("Label 'y' in " + file + " must be numeric for task: regression but holds text in 1 rows"
                        + " (e.g. 'lots'); fix the data, or set task: binary or multiclass for a categorical label");
    }

    @Test
    void emptyTextIsRefusedBeforeAnyTraining() throws IOException {
        Path file = dir.resolve("text.csv");
        Files.writeString(file, "id,note,y\na,good stuff,1\nb,,0\nc,  ,1\nd,bad,0\n");
        DatasetSpec spec = new DatasetSpec(DataSource.of(file.toString(), null), new LabelSpec("y", null),
                List.of("id"), new FeatureColumns(null, null, null, null, null,
                        new TextFeatures(List.of("note"), null, null, null)), Task.BINARY, null);

        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .hasMessage("Text column 'note' in " + file + " is empty in 2 rows; drop those rows upstream or fill"
                        + " them in (a model cannot read nothing)");
    }

    @Test
    void ratingsMustBeNumbersAndInteractionsNeedAUserAndAnItem() throws IOException {
        Path file = dir.resolve("ratings.csv");
        Files.writeString(file, "user,item,rating,age\nu1,i1,5,20\nu1,i2,great,20\nu2,i1,3,30\n");
        RecommendationSpec columns = new RecommendationSpec("user", "item", null, null, null);
        DatasetSpec spec = new DatasetSpec(DataSource.of(file.toString(), null), new LabelSpec("rating", null),
                List.of(), FeatureColumns.inferred(), Task.RECOMMENDATION, null, columns);

        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .isInstanceOfSatisfying(TrainyardException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.DATA))
                .hasMessage("Label 'rating' in " + file + " must be numeric for task: recommendation but holds text in"
                        + " 1 rows (e.g. 'great'); fix the data upstream (ratings are numbers) or drop those rows");

        Files.writeString(file, "user,item,rating,age\nu1,i1,5,20\n,i2,4,20\nu2,i1,3,30\n");
        assertThatThrownBy(() -> loader.loadForTraining(spec))
                .hasMessage("Interaction column 'user' in " + file + " is empty in 1 rows; drop those rows upstream or"
                        + " fill them in (a model cannot read nothing)");

        Files.writeString(file, "user,item,rating,age\nu1,i1,5,20\nu2,i1,3,30\n");
        LoadedDataset data = loader.loadForTraining(spec);
        // the user then the item identify an interaction; other columns are not features of ALS
        assertThat(data.schema().idColumns()).containsExactly("user", "item");
        assertThat(data.schema().numeric()).isEmpty();
        assertThat(data.frame().orderBy("user").collectAsList())
                .extracting(r -> r.<Double>getAs(DatasetSchema.LABEL)).containsExactly(5.0, 3.0);
    }
}
