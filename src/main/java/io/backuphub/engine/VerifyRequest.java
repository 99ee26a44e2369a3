package io.backuphub.engine;

import io.backuphub.target.Target;
import java.io.IOException;
import java.io.InputStream;

/**
 * What an engine needs to verify an artifact: the target, a way to read the stored object back
 * decoded (decrypted, decompressed; {@code open} reads from the store each time it is called, and
 * fails at once when the object is missing), and the hub's own host to run its tools on.
 */
public record VerifyRequest(Target target, String artifactId, DecodedSource source, Connector hubHost) {

    @FunctionalInterface
    public interface DecodedSource {

        InputStream open() throws IOException;
    }
}
