/**
 * ONNX export of fitted classification and regression pipelines, proven against Spark.
 *
 * <p>Entry points: {@link io.trainyard.scoring.onnx.OnnxExporter} (PipelineModel + Signature to a
 * {@code ModelProto}), {@link io.trainyard.scoring.onnx.ParityCheck} (Spark vs ONNX Runtime on
 * held-out rows) and {@link io.trainyard.scoring.onnx.OnnxExport} (both, into a model bundle,
 * re-sealed, with the {@code onnx} flavor in {@code MLmodel}), and
 * {@link io.trainyard.scoring.onnx.OnnxScoring} (bulk scoring with the graph inside Spark). One
 * converter class per Spark class, found by exact class in
 * {@link io.trainyard.scoring.onnx.ConverterRegistry}, which also judges unfitted estimators
 * before training ({@code refusal}).
 *
 * <p>The graph: ONNX opset 17, ai.onnx.ml opset 3, IR 8, plus ONNX Runtime's com.microsoft opset 1
 * when text is tokenized. Inputs are the signature's raw feature columns by name (categorical and
 * text: {@code tensor(string)} [N, 1], numeric: {@code tensor(double)}
 * [N, 1]); a missing numeric value is sent as NaN, a missing category as the empty string (never a
 * trained label: CSV reads "" as null). Outputs: {@code label} int64 [N], the class index like
 * Spark's {@code prediction}, and {@code probabilities} double [N, classes]; a regressor's graph
 * outputs {@code prediction} double [N].
 *
 * <p>Precision: Spark stages are exported in double; tree ensembles keep Spark's thresholds as
 * double tensors but ONNX Runtime returns their sums as float32 (~1e-8 on probabilities here), so
 * Spark's tree regressors only look leaves up in the ensemble and add their values in double;
 * XGBoost is float32 throughout, like XGBoost. Parity tolerance 1e-6, or 1e-5 with XGBoost.
 *
 * <p>Known gaps: StringIndexer {@code handleInvalid} skip/error (a graph can neither drop nor fail
 * one row), HashingTF, NGram, ALS, GLR probit link and offsets, XGBoost dart / categorical splits /
 * vector leaves / objectives other than binary:logistic, multi:softprob, multi:softmax and the
 * regression ones listed in {@code XgboostRegressionModelConverter}; text stages refuse what ONNX
 * Runtime's tokenizer cannot reproduce (see {@code TokenPattern}, {@code TextTokens}). Trap found on
 * the way: ONNX Runtime takes the first listed node of each tree as its root, so tree nodes are
 * written sorted by tree and node id.
 */
package io.trainyard.scoring.onnx;
