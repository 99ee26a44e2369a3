package io.backuphub.catalog;

import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Where the key that seals catalog secrets comes from, in this order: hub.secrets.key
 * (HUB_SECRETS_KEY), hub.secrets.key-file, or — for an embedded catalog only — the file
 * {@code <data dir>/secrets-key}, generated at first start like the admin key (mode 600, never
 * logged). Replicas sharing a PostgreSQL catalog must all use the same key, so there the hub refuses
 * to start without one rather than generate a key of its own.
 */
final class SecretsKey {

    private static final Logger LOG = Logger.getLogger(SecretsKey.class);
    static final String GENERATED_FILE = "secrets-key";

    private SecretsKey() {
    }

    /** The key in base64. */
    static String resolve(CatalogProperties config, Path dataDir) {
        if (config.secrets().key().filter(k -> !k.isBlank()).isPresent()) {
            return config.secrets().key().get();
        }
        if (config.secrets().keyFile().isPresent()) {
            Path file = config.secrets().keyFile().get();
            if (!Files.isRegularFile(file)) {
                throw new InvalidConfigException("hub.secrets.key-file", List.of(file + " does not exist"));
            }
            return read(file);
        }
        if (CatalogSelection.usesPostgresql(config.catalog().url().orElse(null))) {
            throw new InvalidConfigException("hub.secrets.key", List.of("is required with a PostgreSQL catalog: every"
                    + " replica must seal and open webhook secrets with the same key (HUB_SECRETS_KEY, 32 random bytes"
                    + " in base64: openssl rand -base64 32; or hub.secrets.key-file)"));
        }
        Path generated = dataDir.resolve(GENERATED_FILE);
        if (Files.isRegularFile(generated)) {
            return read(generated);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String base64 = Base64.getEncoder().encodeToString(key);
        try {
            PrivateFiles.write(generated, base64 + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated secrets key to " + generated, e);
        }
        LOG.infof("no secrets key was configured: generated one in %s (mode 600). Keep a copy apart from the"
                + " catalog's backups, or move it out of the data directory and set hub.secrets.key-file", generated);
        return base64;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets key file " + file, e);
        }
    }
}
