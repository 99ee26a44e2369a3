package io.backuphub.engine.postgres;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The PostgreSQL tools the hub runs on its own host. */
@ConfigMapping(prefix = "hub.verify")
public interface PostgresProperties {

    /** pg_restore used to verify PostgreSQL archives, run on the hub's host. */
    @WithDefault("pg_restore")
    String pgRestore();

}
