package io.backuphub.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The catalog database and the key that seals the secrets kept in it. */
@ConfigMapping(prefix = "hub")
public interface CatalogProperties {

    Catalog catalog();

    Secrets secrets();

    interface Catalog {

        /** jdbc:postgresql://host:5432/db switches the catalog to PostgreSQL (env HUB_CATALOG_URL). */
        Optional<String> url();

        Optional<String> username();

        Optional<String> password();

        /**
         * Embedded H2 only: fsync the catalog file after every commit that wrote, so that a 202 (and its
         * audit row) survive a power cut, not only a crash of the hub. (PostgreSQL decides this itself,
         * with synchronous_commit.)
         */
        @WithDefault("true")
        boolean syncCommits();

    }

    interface Secrets {

        /**
         * 32 random bytes, base64 (env HUB_SECRETS_KEY): seals the secrets the catalog keeps readable
         * (webhook signing keys). Every replica needs the same key; keep it apart from catalog backups.
         */
        Optional<String> key();

        /**
         * A file holding the key (base64), e.g. a mounted secret. Without key and key-file, an embedded
         * catalog's hub generates one at first start in ${hub.data.dir}/secrets-key (mode 600).
         */
        Optional<Path> keyFile();

    }
}
