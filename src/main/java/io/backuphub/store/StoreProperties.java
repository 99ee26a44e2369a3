package io.backuphub.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The built-in local store, the stores file, and how the stores are watched and swept. */
@ConfigMapping(prefix = "hub")
public interface StoreProperties {

    Store store();

    Stores stores();

    interface Store {

        /** The built-in store, id {@code local}. */
        Local local();

        /**
         * A write the hub began this long ago whose job is over and which never reached the catalog was
         * abandoned (the hub died mid-write): what it left is removed (route sweep-abandoned-writes).
         */
        @WithDefault("6h")
        Duration abandonedAfter();

        /** How often abandoned writes are looked for (route sweep-abandoned-writes). */
        @WithDefault("10m")
        Duration sweepInterval();

        /**
         * How often the stores are read for backups of this catalog that the catalog lacks (a catalog
         * restored from an older copy), besides at start (route rescan-stores).
         */
        @WithDefault("6h")
        Duration rescanInterval();

        /** How often each store is checked for writes (route check-stores); a store going down is announced. */
        @WithDefault("5m")
        Duration checkInterval();

        interface Local {

            /** Root folder of the local store; defaults to ${hub.data.dir}/backups. */
            Optional<Path> dir();

            /** Writes fail once the disk has less than this many bytes free, so the hub never fills it. */
            @WithDefault("0")
            long reserveBytes();
        }

    }

    interface Stores {

        /** YAML file declaring stores besides the built-in local one (docs/configuration.md); absent = none. */
        @WithDefault("config/stores.yaml")
        Path file();

    }
}
