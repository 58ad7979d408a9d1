package io.trainyard.scoring.onnx;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark's own tree classifiers on the churn features (one-hot slots carry binary metadata, so the
 * trees split on them categorically), on the same spiked held-out rows as {@link ChurnParityTest}.
 * Tolerance 1e-6 (splits in double; leaf sums come back as float32, ~1e-7 relative); no differing class.
 */
class ChurnTreeParityTest {
    @BeforeAll
    static void load() {
        ChurnParityTest.load();
    }

    @Test
    void decisionTreeMatchesSparkWithin1e6() {
        ChurnParityTest.assertParity(ChurnParityTest.parity(ChurnParityTest.fit(TestModels.decisionTree(6))), 1e-6);
    }

    @Test
    void randomForestMatchesSparkWithin1e6() {
        ChurnParityTest.assertParity(ChurnParityTest.parity(ChurnParityTest.fit(TestModels.randomForest(15, 5))),
                1e-6);
    }

    @Test
    void gbtMatchesSparkWithin1e6() {
        ChurnParityTest.assertParity(ChurnParityTest.parity(ChurnParityTest.fit(TestModels.gbt(8, 3))), 1e-6);
    }
}
