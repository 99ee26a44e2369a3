package io.backuphub.target;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The targets file: the databases to back up. */
@ConfigMapping(prefix = "hub.targets")
public interface TargetsProperties {

    /** YAML file declaring the databases to back up. */
    @WithDefault("config/targets.yaml")
    Path file();

    /** Reload the targets file when it changes. */
    @WithDefault("false")
    boolean watch();

}
