package io.backuphub.engine;

import io.backuphub.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an engine needs to verify an artifact: the target, a way to read the stored object back
 * decoded (decrypted, decompressed; {@code open} reads from the store each time it is called, and
 * fails at once when the object is missing), the hub's own host to run its tools on, and what the
 * manifest recorded of the dump's source ({@link Engine#describe} and {@link Dump#facts}), for the
 * engines that check the artifact against it.
 */
public record VerifyRequest(Target target, String artifactId, DecodedSource source, Connector hubHost,
        Map<String, Object> dumpFacts) {

    public VerifyRequest {
        dumpFacts = dumpFacts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dumpFacts));
    }

    @FunctionalInterface
    public interface DecodedSource {

        InputStream open() throws IOException;
    }
}
