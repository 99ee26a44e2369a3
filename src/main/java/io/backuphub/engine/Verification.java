package io.backuphub.engine;

import java.util.Map;

/**
 * The outcome of verifying an artifact, with the evidence that supports it and, where the engine
 * can tell, the fingerprint of the data it read (null otherwise).
 */
public record Verification(Outcome outcome, String summary, Map<String, Object> evidence, Fingerprint fingerprint) {

    public enum Outcome {
        VERIFIED, FAILED, SKIPPED
    }

    public static Verification verified(String summary, Map<String, Object> evidence, Fingerprint fingerprint) {
        return new Verification(Outcome.VERIFIED, summary, evidence, fingerprint);
    }

    public static Verification failed(String summary, Map<String, Object> evidence) {
        return new Verification(Outcome.FAILED, summary, evidence, null);
    }

    public static Verification skipped(String summary) {
        return new Verification(Outcome.SKIPPED, summary, Map.of(), null);
    }
}
