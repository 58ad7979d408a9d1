package io.trainyard.features.spec;

import java.util.List;

/**
 * Free-text columns turned into term weights: tokens of letters and digits (lower-cased, at least
 * two characters), English stop words and HTML line breaks removed, term counts over a vocabulary
 * learnt on the training rows, optionally weighted by inverse document frequency.
 *
 * @param columns the text columns
 * @param vocabulary the most frequent terms kept per column (5,000 by default)
 * @param minDocFreq a term must appear in at least this many training rows (2 by default)
 * @param idf weight counts by inverse document frequency (true by default)
 */
public record TextFeatures(List<String> columns, Integer vocabulary, Integer minDocFreq, Boolean idf) {
    public TextFeatures {
        columns = columns == null ? List.of() : List.copyOf(columns);
        vocabulary = vocabulary == null ? 5000 : vocabulary;
        minDocFreq = minDocFreq == null ? 2 : minDocFreq;
        idf = idf == null || idf;
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("columns needs at least one text column, e.g. columns: [review]");
        }
        if (vocabulary < 2 || minDocFreq < 1) {
            throw new IllegalArgumentException("vocabulary must be at least 2 and min-doc-freq at least 1, found "
                    + vocabulary + " and " + minDocFreq);
        }
    }
}
