package io.backuphub.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
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

    /** What reading an artifact found: a summary and the fingerprint of the data read. */
    public record Reading(String summary, Fingerprint fingerprint) {
    }

    /** Reads the decoded artifact and judges it, adding its evidence on the way; throws with the reason it is bad. */
    @FunctionalInterface
    public interface Reader {

        Reading read(InputStream decoded, Map<String, Object> evidence) throws IOException;
    }

    /**
     * Verification by the hub itself, with no tool: {@code reader} reads the stored artifact back to
     * the end. The evidence names {@code tool} and, when the read succeeds, how long it took; a read
     * that fails (damaged, truncated, unreadable) is a failed verification with the reason.
     */
    public static Verification byReading(VerifyRequest request, String tool, Reader reader) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("tool", tool);
        long started = System.nanoTime();
        try (InputStream in = request.source().open()) {
            Reading reading = reader.read(in, evidence);
            evidence.put("durationMs", (System.nanoTime() - started) / 1_000_000);
            return verified(reading.summary(), evidence, reading.fingerprint());
        } catch (IOException e) {
            return failed(e.getMessage(), evidence);
        }
    }

    public static Verification skipped(String summary) {
        return new Verification(Outcome.SKIPPED, summary, Map.of(), null);
    }
}
