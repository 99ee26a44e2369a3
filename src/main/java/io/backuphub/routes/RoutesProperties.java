package io.backuphub.routes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The YAML routes: where they are and whether a changed file is redeployed. */
@ConfigMapping(prefix = "hub.routes")
public interface RoutesProperties {

    /** Folder of the YAML routes (one job per file, route id = file stem). */
    @WithDefault("routes")
    Path dir();

    /** Redeploy a route when its file changes. Off by default: use the reload API. */
    @WithDefault("false")
    boolean watch();

}
