package io.backuphub.pipeline;

/**
 * What the pipeline measured: dump bytes in, stored bytes out, the stored bytes' SHA-256, and the
 * dump's first bytes (engines read tool and server versions from their archive header).
 */
public record EncodeResult(long dumpBytes, long storedBytes, String sha256, byte[] head) {
}
