package io.trainyard.scoring.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.trainyard.common.TrainyardException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * The ONNX Runtime sessions of one JVM (a Spark executor), one per graph, keyed by the graph's
 * SHA-256: the tasks of an executor share it instead of each paying the session's start-up.
 * One intra-op thread per session: Spark's task slots are the parallelism. Sessions stay open for
 * the JVM's life (a scoring job uses one graph; an executor dies with its application).
 */
final class OnnxSessions {
    private static final Map<String, OrtSession> SESSIONS = new HashMap<>();

    private OnnxSessions() {
    }

    static String key(byte[] graph) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(graph));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static synchronized OrtSession session(String key, byte[] graph) {
        OrtSession session = SESSIONS.get(key);
        if (session != null) {
            return session;
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = OrtEnvironment.getEnvironment().createSession(graph, options);
        } catch (OrtException e) {
            throw TrainyardException.data("ONNX Runtime cannot load the model's graph: " + e.getMessage());
        }
        SESSIONS.put(key, session);
        return session;
    }
}
