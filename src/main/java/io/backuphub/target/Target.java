package io.backuphub.target;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One database to back up, as declared in targets.yaml. Secrets are never held here: only the names
 * of the environment variables or files that hold them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(
        String id,
        String engine,
        String environment,
        TransportSpec transport,
        DatabaseSpec database,
        Duration expectedEvery,
        Compression compression,
        Integer compressionLevel,
        EncryptionSpec encryption,
        Boolean backupOnStart,
        Duration jobTimeout,
        RestoreSpec restore,
        DrillSpec drill,
        PitrSpec pitr,
        List<String> stores,
        List<String> replicateTo,
        Map<String, String> labels,
        @JsonIgnore Map<String, Object> settings) {

    public Target {
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        stores = stores == null ? List.of() : List.copyOf(stores);
        replicateTo = replicateTo == null ? List.of() : List.copyOf(replicateTo);
    }

    /**
     * The engine's own section of the target ({@code mongodb: {...}}, {@code qdrant: {...}}), as read
     * from the file; empty when absent. The targets file admits only the section named after the
     * target's engine, and the engine validates it.
     */
    public Object section(String name) {
        return settings.get(name);
    }

    /** How the hub reaches the machine where the dump tools run. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TransportSpec(
            String type,
            String host,
            Integer port,
            String user,
            String privateKeyFile,
            String passwordEnv,
            String passwordFile,
            String knownHostsFile,
            Duration connectTimeout,
            Duration idleTimeout) {

        public boolean isSsh() {
            return "ssh".equals(type);
        }
    }

    /** The database as seen from the transport's host. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatabaseSpec(
            String host,
            Integer port,
            String user,
            String passwordEnv,
            String passwordFile,
            String name,
            String authDatabase) {
    }

    /** age recipients (X25519 public keys); an identity lets the hub decrypt to verify and restore. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EncryptionSpec(
            List<String> ageRecipients,
            String identityEnv,
            String identityFile) {

        public boolean canDecrypt() {
            return identityEnv != null || identityFile != null;
        }
    }

    /**
     * What restores may do here as a destination: {@code allowReplace} lets a restore replace an
     * existing database (after a safety backup); without it, restores only create new databases.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RestoreSpec(Boolean allowReplace) {
    }

    /**
     * A restore drill on a schedule: the newest verified backup is restored into a new database on the
     * {@code scratch} target (where the hub may create and drop databases), compared, and dropped. A
     * target with no successful drill within {@code maxAge} is not green. {@code mode: pitr} drills a
     * PITR target's recovery instead: to a random second of its window, into a new data directory on
     * the scratch target's host ({@code pitr.restoreDir}), its tables counted, then stopped and removed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DrillSpec(String cron, java.time.ZoneId timezone, String scratch, Duration maxAge, String mode) {

        public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
        public static final String PITR = "pitr";

        public boolean pitr() {
            return PITR.equals(mode);
        }

        public java.time.ZoneId zone() {
            return timezone == null ? java.time.ZoneOffset.UTC : timezone;
        }

        public Duration maxAgeOrDefault() {
            return maxAge == null ? DEFAULT_MAX_AGE : maxAge;
        }
    }

    /**
     * Point-in-time recovery (PostgreSQL, docs/pitr.md): the hub streams the server's WAL with
     * pg_receivewal over a physical replication slot, through the target's transport, into the
     * target's stores. {@code user}: a role with REPLICATION (its password in {@code passwordEnv} or
     * {@code passwordFile}); unset, the database's user and password. A slot keeps WAL on the server
     * while no one reads it: the hub refuses one the server does not bound (max_slot_wal_keep_size)
     * unless {@code allowUnboundedSlot} says so on purpose. As a restore's destination: {@code
     * restoreDir}, the folder on this target's host where recoveries make new data directories, and
     * {@code pgBin}, the PostgreSQL server programs there (pg_ctl), a version able to run the source's data.
     * {@code base.cron}: when to take base backups (the first is taken once the WAL streams).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PitrSpec(Boolean enabled, String slot, Duration maxLag, Boolean allowUnboundedSlot, String user,
            String passwordEnv, String passwordFile, String restoreDir, String pgBin, BaseSpec base) {

        /** When base backups are taken after the first (which the hub takes as soon as the WAL streams). */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record BaseSpec(String cron, java.time.ZoneId timezone) {

            public java.time.ZoneId zone() {
                return timezone == null ? java.time.ZoneOffset.UTC : timezone;
            }
        }

        public static final Duration DEFAULT_MAX_LAG = Duration.ofMinutes(5);

        public boolean on() {
            return Boolean.TRUE.equals(enabled);
        }

        /** The slot's name: as set, or backup_hub_ and the target's id (slot names allow [a-z0-9_]). */
        public String slotFor(String targetId) {
            return slot != null ? slot : "backup_hub_" + targetId.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        }

        public Duration maxLagOrDefault() {
            return maxLag == null ? DEFAULT_MAX_LAG : maxLag;
        }
    }

    /** Whether the hub streams this target's WAL. */
    public boolean pitrOn() {
        return pitr != null && pitr.on();
    }

    public boolean allowsReplace() {
        return restore != null && Boolean.TRUE.equals(restore.allowReplace());
    }

    /** Queue one backup when the hub starts. */
    public boolean backsUpOnStart() {
        return Boolean.TRUE.equals(backupOnStart);
    }

    public boolean encrypted() {
        return encryption != null && encryption.ageRecipients() != null && !encryption.ageRecipients().isEmpty();
    }
}
