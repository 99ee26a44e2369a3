package io.backuphub.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every hub.* setting, typed. docs/configuration.md lists them with their env var names. */
@ConfigMapping(prefix = "hub")
public interface HubConfig {

    Data data();

    Catalog catalog();

    Targets targets();

    Routes routes();

    Schedules schedules();

    Store store();

    Stores stores();

    Replication replication();

    Jobs jobs();

    Api api();

    Auth auth();

    Dashboard dashboard();

    Retention retention();

    Restore restore();

    Backup backup();

    Drills drills();

    Notifications notifications();

    Integrations integrations();

    Dns dns();

    Cloudflare cloudflare();

    History history();

    Audit audit();

    Secrets secrets();

    /** The hub's address as people reach it, for links in notifications. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    Ssh ssh();

    Verify verify();

    /** Names this process as the owner of the jobs it runs; stable across restarts on one host. */
    Optional<String> instanceId();

    /** Bootstraps (or rotates) the key named "admin"; env HUB_ADMIN_API_KEY. */
    Optional<String> adminApiKey();

    interface Data {

        /** The hub's own state: H2 catalog and, by default, the local store. */
        @WithDefault("./data")
        Path dir();
    }

    /** The catalog database: embedded H2 under the data dir unless a PostgreSQL URL is given. */
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

    interface Targets {

        /** YAML file declaring the databases to back up. */
        @WithDefault("config/targets.yaml")
        Path file();

        /** Reload the targets file when it changes. */
        @WithDefault("false")
        boolean watch();
    }

    interface Schedules {

        /** YAML file of recurring backups (ops' GitOps way; the API adds its own). */
        @WithDefault("config/schedules.yaml")
        Path file();

        /** Apply the schedules file when it changes. */
        @WithDefault("true")
        boolean watch();

        /**
         * The shortest time between two fires of one schedule: a cron that fires more often is refused,
         * and a schedule never fires again sooner (a seconds-field cron would queue a backup a second).
         */
        @WithDefault("5m")
        Duration minInterval();

        /**
         * A fire this late counts as missed (the hub was down): it runs once, when Quartz's misfire
         * handler next looks, which it does this often.
         */
        @WithDefault("60s")
        Duration misfireThreshold();
    }

    interface Routes {

        /** Folder of the YAML routes (one job per file, route id = file stem). */
        @WithDefault("routes")
        Path dir();

        /** Redeploy a route when its file changes. Off by default: use the reload API. */
        @WithDefault("false")
        boolean watch();
    }

    interface Stores {

        /** YAML file declaring stores besides the built-in local one (docs/configuration.md); absent = none. */
        @WithDefault("config/stores.yaml")
        Path file();
    }

    interface Replication {

        /** Tries of one copy within a replicate job before the copy is marked failed. */
        @WithDefault("3")
        int attempts();

        /** The wait after the first failed try, doubled after each. */
        @WithDefault("30s")
        Duration backoff();

        /**
         * How often the repair-copies route asks again for copies a target wants (its stores and
         * replicateTo) that failed: a store that was down gets them once it is back.
         */
        @WithDefault("1h")
        Duration repairInterval();
    }

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

    interface Jobs {

        /** Jobs of different targets that run at once in this process. */
        @WithDefault("2")
        int maxConcurrent();

        /** How often the dispatcher looks for due jobs. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How often a running job proves it is alive (and publishes bytes so far). */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** A running job whose heartbeat is older than this belonged to a hub that died. */
        @WithDefault("2m")
        Duration staleAfter();

        /**
         * The longest a job may run (backup including its verification, or a verify job); then its tools
         * are killed and it fails. A target's jobTimeout overrides it.
         */
        @WithDefault("24h")
        Duration timeout();
    }

    interface Integrations {

        /** Pub/Sub subscriptions and the Firestore mirror (YAML); absent = neither. */
        @WithDefault("config/integrations.yaml")
        Path file();

        /** How often the Firestore mirror looks for records to write. */
        @WithDefault("2s")
        Duration mirrorPollInterval();

        /** The longest wait between two attempts at a record Firestore refused or could not take. */
        @WithDefault("10m")
        Duration mirrorMaxBackoff();
    }

    interface Notifications {

        /** Channels and rules (YAML). */
        @WithDefault("config/notifications.yaml")
        Path file();

        /** Apply the notifications file when it changes. */
        @WithDefault("true")
        boolean watch();

        /** How often the outbox is checked for messages to send. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Waits between delivery attempts; after the last, a notification is failed for good. */
        @WithDefault("30s,2m,10m,1h,6h")
        java.util.List<Duration> retryDelays();

        /** When daily digests are sent (cron, UTC; read like a schedule's, see CronSpec). */
        @WithDefault("0 0 8 * * ?")
        String digestCron();

        /** How often targets are checked for an overdue backup. */
        @WithDefault("5m")
        Duration overdueCheckInterval();
    }

    interface Retention {

        /** When the sweep-retention route runs (cron, in hub.retention.timezone; read like a schedule's). */
        @WithDefault("0 30 3 * * ?")
        String cron();

        /** The zone days, weeks, months and years are counted in, and the sweep's cron runs in. */
        @WithDefault("UTC")
        java.time.ZoneId timezone();

        /**
         * No longer used: the retention sweep removed objects no backup in the catalog owned, other
         * people's included; now only writes the hub abandoned are removed (hub.store.abandoned-after).
         * Accepted so that an old setting does not stop the hub; a warning says it is ignored.
         */
        @Deprecated
        Optional<Duration> leftoverGrace();
    }

    interface Backup {

        /**
         * A verified backup whose dump is smaller than this share of the previous verified backup's is
         * marked suspicious (and so is one in which a table lost more than half its rows).
         */
        @WithDefault("0.5")
        double suspiciousRatio();
    }

    interface Drills {

        /** How often targets' drill crons are checked (route schedule-drills). */
        @WithDefault("1m")
        Duration checkInterval();
    }

    interface Restore {

        /**
         * Names of the API keys that may restore into a target whose environment is "production" (a
         * restore there can replace live data); no key may until listed.
         */
        Optional<java.util.List<String>> productionKeys();
    }

    interface Dns {

        /** The TXT records the hub keeps in Cloudflare zones (YAML); absent = none declared. */
        @WithDefault("config/dns.yaml")
        Path file();
    }

    interface Cloudflare {

        /** Cloudflare's API base (a double of it in tests). */
        @WithDefault("https://api.cloudflare.com/client/v4")
        String apiUrl();

        /** A file holding the API token (a mounted secret); otherwise the CLOUDFLARE_API_TOKEN variable. */
        Optional<Path> tokenFile();

        /** How many times a request Cloudflare answered 429 is sent again (after its Retry-After). */
        @WithDefault("4")
        int maxRetries();
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

    /** How long the hub keeps its own working records (sent notifications, received CI deliveries). */
    interface History {

        /** Finished notifications and webhook deliveries older than this are deleted. Jobs and audit stay. */
        @WithDefault("90d")
        Duration keep();

        /** When the prune-history route runs (cron, UTC). */
        @WithDefault("0 45 3 * * ?")
        String pruneCron();
    }

    /** The audit log: who did what, when, from where. */
    interface Audit {

        /** Events older than this are deleted by the prune-history route; absent (the default) keeps them all. */
        Optional<Duration> keep();

        /** Refused requests are audited as one event per source address and window of this length. */
        @WithDefault("1m")
        Duration denialWindow();

        /** How often ended windows of refused requests are written (route audit-denials). */
        @WithDefault("15s")
        Duration denialFlushInterval();
    }

    interface Api {

        /** Largest JSON request body accepted by the API. */
        @WithDefault("16384")
        int maxBodyBytes();
    }

    /** Failed authentications (a wrong key, a bad signature) throttled per source address. */
    interface Auth {

        /** Failures a source may make before it has to wait. */
        @WithDefault("5")
        int freeFailures();

        /** The first wait after the free failures; each further failure doubles it. */
        @WithDefault("1s")
        Duration lockout();

        /** The longest wait. */
        @WithDefault("15m")
        Duration maxLockout();

        /** A source's failures are forgotten this long after its last one. */
        @WithDefault("1h")
        Duration forgetAfter();
    }

    interface Dashboard {

        /** A dashboard session unused this long ends (the browser logs in again). */
        @WithDefault("1h")
        Duration sessionIdle();

        /** A dashboard session ends this long after its login, used or not. */
        @WithDefault("12h")
        Duration sessionMax();
    }

    interface Ssh {

        @WithDefault("15s")
        Duration connectTimeout();

        @WithDefault("15s")
        Duration authTimeout();

        /** A channel with no traffic for this long is closed (per-target override: transport.idleTimeout). */
        @WithDefault("10m")
        Duration idleTimeout();
    }

    interface Verify {

        /** pg_restore used to verify PostgreSQL archives, run on the hub's host. */
        @WithDefault("pg_restore")
        String pgRestore();
    }
}
