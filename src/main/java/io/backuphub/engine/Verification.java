package io.backuphub.engine;

import java.util.Map;

/** The outcome of verifying an artifact, with the evidence that supports it. */
public record Verification(Outcome outcome, String summary, Map<String, Object> evidence) {

    public enum Outcome {
        VERIFIED, FAILED, SKIPPED
    }

    public static Verification verified(String summary, Map<String, Object> evidence) {
        return new Verification(Outcome.VERIFIED, summary, evidence);
    }

    public static Verification failed(String summary, Map<String, Object> evidence) {
        return new Verification(Outcome.FAILED, summary, evidence);
    }

    public static Verification skipped(String summary) {
        return new Verification(Outcome.SKIPPED, summary, Map.of());
    }
}
