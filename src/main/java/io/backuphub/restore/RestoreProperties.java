package io.backuphub.restore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Who may restore into production, and how often drills are looked for. */
@ConfigMapping(prefix = "hub")
public interface RestoreProperties {

    Restore restore();

    Drills drills();

    interface Restore {

        /**
         * Names of the API keys that may restore into a target whose environment is "production" (a
         * restore there can replace live data); no key may until listed.
         */
        Optional<List<String>> productionKeys();

    }

    interface Drills {

        /** How often targets' drill crons are checked (route schedule-drills). */
        @WithDefault("1m")
        Duration checkInterval();

    }
}
