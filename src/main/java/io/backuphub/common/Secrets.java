package io.backuphub.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Resolves secrets that targets name by reference: an environment variable (looked up through the
 * config system, so env vars and -D properties both work) or a file such as a mounted Kubernetes secret.
 * The values never leave the process except on the channel that needs them.
 */
public final class Secrets {

    private Secrets() {
    }

    /** The secret named by {@code env} or {@code file}; empty when neither is set. */
    public static Optional<String> resolve(String env, String file, String what) throws IOException {
        if (env != null) {
            Optional<String> value = ConfigProvider.getConfig().getOptionalValue(env, String.class);
            if (value.isEmpty()) {
                throw new IOException(what + ": environment variable " + env + " is not set");
            }
            return value;
        }
        if (file != null) {
            String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            return Optional.of(content.endsWith("\n") ? content.substring(0, content.length() - 1) : content);
        }
        return Optional.empty();
    }
}
