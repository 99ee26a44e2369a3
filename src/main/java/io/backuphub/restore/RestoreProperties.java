package io.backuphub.restore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How often drills are looked for; the retired production-keys list, to warn about it. */
@ConfigMapping(prefix = "hub")
public interface RestoreProperties {

    Restore restore();

    Drills drills();

    interface Restore {

        /**
         * Retired: who may restore where is now a grant's backup.restore and scope (docs/security.md). Read
         * only so that a hub upgraded with it set says so at start.
         */
        Optional<List<String>> productionKeys();

    }

    interface Drills {

        /** How often targets' drill crons are checked (route schedule-drills). */
        @WithDefault("1m")
        Duration checkInterval();

    }
}
