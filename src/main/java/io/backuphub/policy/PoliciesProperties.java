package io.backuphub.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The policies file: settings shared by the targets its selectors pick. */
@ConfigMapping(prefix = "hub.policies")
public interface PoliciesProperties {

    /** YAML file declaring policies; read with the targets file, and reloaded with it. A missing file declares none. */
    @WithDefault("config/policies.yaml")
    Path file();
}
