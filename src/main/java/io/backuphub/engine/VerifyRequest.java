package io.backuphub.engine;

import io.backuphub.target.Target;
import java.io.IOException;
import java.io.InputStream;

/**
 * What an engine needs to verify an artifact: the target and a way to read the stored object back
 * decoded (decrypted, decompressed). {@code open} reads from the store each time it is called.
 */
public record VerifyRequest(Target target, String artifactId, DecodedSource source) {

    @FunctionalInterface
    public interface DecodedSource {
        InputStream open() throws IOException;
    }
}
