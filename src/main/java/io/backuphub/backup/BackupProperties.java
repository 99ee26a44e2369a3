package io.backuphub.backup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What makes a backup suspicious. */
@ConfigMapping(prefix = "hub.backup")
public interface BackupProperties {

    /**
     * A verified backup whose dump is smaller than this share of the previous verified backup's is
     * marked suspicious (and so is one in which a table lost more than half its rows).
     */
    @WithDefault("0.5")
    double suspiciousRatio();

}
