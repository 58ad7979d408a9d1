package io.trainyard.features.pipeline;

import io.trainyard.features.spec.TextFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;

/**
 * Spark's own text stages per column: {@link RegexTokenizer} (lower-cased runs of letters and
 * digits, two characters or more), {@link StopWordsRemover} (English, plus {@code br} left by HTML
 * line breaks), {@link CountVectorizer} (vocabulary learnt on the training rows) and, optionally,
 * {@link IDF}. Only standard stages, so an ONNX converter per stage can follow.
 */
final class TextStages {
    private TextStages() {
    }

    /** Appends the stages of every text column to {@code stages}; returns the vector columns to assemble. */
    static List<String> add(List<PipelineStage> stages, List<String> columns, TextFeatures settings) {
        TextFeatures text = settings != null ? settings : new TextFeatures(columns, null, null, null);
        List<String> stopWords = new ArrayList<>(Arrays.asList(StopWordsRemover.loadDefaultStopWords("english")));
        stopWords.add("br");
        List<String> vectors = new ArrayList<>();
        for (String column : columns) {
            String base = "_" + column;
            stages.add(new RegexTokenizer().setInputCol(column).setOutputCol(base + "_tokens").setPattern("[^\\p{L}\\p{N}]+")
                    .setToLowercase(true).setMinTokenLength(2));
            stages.add(new StopWordsRemover().setInputCol(base + "_tokens").setOutputCol(base + "_terms")
                    .setStopWords(stopWords.toArray(new String[0])));
            stages.add(new CountVectorizer().setInputCol(base + "_terms").setOutputCol(base + "_counts")
                    .setVocabSize(text.vocabulary()).setMinDF(text.minDocFreq()));
            if (text.idf()) {
                stages.add(new IDF().setInputCol(base + "_counts").setOutputCol(base + "_tfidf"));
                vectors.add(base + "_tfidf");
            } else {
                vectors.add(base + "_counts");
            }
        }
        return vectors;
    }
}
