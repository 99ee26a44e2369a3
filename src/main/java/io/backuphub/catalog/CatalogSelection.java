package io.backuphub.catalog;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Chooses the catalog database from one user-facing key. Quarkus fixes a datasource's kind at build
 * time, so the build declares both (embedded H2 and PostgreSQL) and this interceptor activates exactly
 * one at start: PostgreSQL when {@code hub.catalog.url} is set (env HUB_CATALOG_URL), H2 otherwise.
 * An explicit {@code quarkus.datasource[.postgresql].active} still wins.
 */
@Priority(Priorities.APPLICATION + 100)
public class CatalogSelection implements ConfigSourceInterceptor {

    static final String H2_ACTIVE = "quarkus.datasource.active";
    static final String POSTGRESQL_ACTIVE = "quarkus.datasource.postgresql.active";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!H2_ACTIVE.equals(name) && !POSTGRESQL_ACTIVE.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue explicit = context.proceed(name);
        if (explicit != null && explicit.getValue() != null) {
            return explicit;
        }
        ConfigValue url = context.proceed("hub.catalog.url");
        boolean postgresql = usesPostgresql(url == null ? null : url.getValue());
        boolean active = POSTGRESQL_ACTIVE.equals(name) == postgresql;
        return ConfigValue.builder()
                .withName(name)
                .withValue(Boolean.toString(active))
                .withConfigSourceName("backup-hub catalog selection")
                .build();
    }

    /** The one rule: a catalog URL means PostgreSQL. */
    public static boolean usesPostgresql(String catalogUrl) {
        return catalogUrl != null && !catalogUrl.isBlank();
    }
}
