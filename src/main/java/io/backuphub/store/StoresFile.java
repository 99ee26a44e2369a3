package io.backuphub.store;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.backuphub.common.ByteSize;
import io.backuphub.common.ConfigFiles;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.store.gcs.GcsSettings;
import io.backuphub.store.s3.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * config/stores.yaml ({@code hub.stores.file}, env {@code HUB_STORES_FILE}): the stores besides the
 * built-in {@code local} one, read as strictly as targets.yaml — each store's settings are those of
 * its type, and any other field is an error with its path.
 *
 * <pre>
 * default: offsite            # the store of targets that name none (absent: local)
 * stores:
 *   - id: offsite
 *     type: s3
 *     bucket: backups
 *     ...
 * </pre>
 */
public final class StoresFile {

    public static final String PROBLEM = "invalid-stores-file";
    public static final String BUILT_IN = "local";

    /** The file as written: a default and each store's raw fields. */
    record Document(String defaultStore, List<Map<String, Object>> stores) {

        @com.fasterxml.jackson.annotation.JsonCreator
        Document(@com.fasterxml.jackson.annotation.JsonProperty("default") String defaultStore,
                @com.fasterxml.jackson.annotation.JsonProperty("stores") List<Map<String, Object>> stores) {
            this.defaultStore = defaultStore;
            this.stores = stores == null ? List.of() : stores;
        }
    }

    /** One store as declared: its id, type and the settings of that type. */
    public record Declared(String id, String type, Object settings) {
    }

    /** What the file declares: stores by id, and the default store's id. */
    public record Declarations(Map<String, Declared> stores, String defaultStore) {
    }

    private StoresFile() {
    }

    /** Reads the file; no file is no extra store. Throws {@link InvalidConfigException} listing every problem. */
    public static Declarations read(Path file) {
        Optional<Document> document = ConfigFiles.read(file, Document.class, PROBLEM);
        return validate(document.orElse(new Document(null, List.of())), file.toString());
    }

    static Declarations validate(Document document, String source) {
        Problems problems = new Problems();
        Map<String, Declared> stores = new LinkedHashMap<>();
        for (int i = 0; i < document.stores().size(); i++) {
            Problems at = problems.at("stores[" + i + "]");
            Map<String, Object> raw = new LinkedHashMap<>(document.stores().get(i));
            Object id = raw.remove("id");
            Object type = raw.remove("type");
            if (!(id instanceof String name) || !SafeValues.matches(SafeValues.SLUG, name)) {
                at.add("id", "is required and must match " + SafeValues.SLUG.pattern());
                continue;
            }
            if (BUILT_IN.equals(name) || stores.containsKey(name)) {
                at.add("id", BUILT_IN.equals(name) ? "local is the built-in store (hub.store.local.dir): give yours"
                        + " another id" : "duplicate store id " + name);
                continue;
            }
            Object settings = switch (type instanceof String t ? t : "") {
                case "local" -> local(ConfigFiles.section(raw, LocalSettings.class, at), at);
                case "s3" -> s3(ConfigFiles.section(raw, S3Settings.class, at), at);
                case "gcs" -> gcs(ConfigFiles.section(raw, GcsSettings.class, at), at);
                default -> {
                    at.add("type", "must be local, s3 or gcs, not " + SafeValues.show(String.valueOf(type)));
                    yield null;
                }
            };
            if (settings != null) {
                stores.put(name, new Declared(name, (String) type, settings));
            }
        }
        String defaultStore = document.defaultStore() == null ? BUILT_IN : document.defaultStore();
        if (!BUILT_IN.equals(defaultStore) && !stores.containsKey(defaultStore)) {
            problems.add("default", "names no declared store: " + SafeValues.show(defaultStore));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(PROBLEM, source, problems.messages());
        }
        return new Declarations(Map.copyOf(stores), defaultStore);
    }

    /** A local store of its own: a folder (absolute), and the free space writes never go below. */
    public record LocalSettings(String path, @JsonDeserialize(using = ByteSize.Deserializer.class) Long reserveBytes) {
    }

    private static LocalSettings local(LocalSettings settings, Problems at) {
        if (settings == null) {
            return null;
        }
        if (settings.path() == null || !Path.of(settings.path()).isAbsolute()) {
            at.add("path", "is required: an absolute folder");
            return null;
        }
        if (settings.reserveBytes() != null && settings.reserveBytes() < 0) {
            at.add("reserveBytes", "must not be negative");
        }
        return settings;
    }

    private static GcsSettings gcs(GcsSettings settings, Problems at) {
        if (settings == null) {
            return null;
        }
        if (settings.bucket() == null || !settings.bucket().matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
            at.add("bucket", "is required: a GCS bucket name (lowercase letters, digits, dots, dashes, underscores)");
        }
        prefix(settings.prefix(), at);
        if (settings.host() != null && !httpUrl(settings.host())) {
            at.add("host", "must be an http(s) URL without credentials");
        }
        if (settings.credentialsFile() != null && !Path.of(settings.credentialsFile()).isAbsolute()) {
            at.add("credentialsFile", "must be an absolute path (a service account's JSON key)");
        }
        if (settings.chunkSize() != null && (settings.chunkSize() < GcsSettings.CHUNK_UNIT
                || settings.chunkSize() % GcsSettings.CHUNK_UNIT != 0 || settings.chunkSize() > 1L << 30)) {
            at.add("chunkSize", "must be a positive multiple of 256 KiB (262144), at most 1 GiB");
        }
        if (settings.storageClass() != null && !settings.storageClass().matches(
                "STANDARD|NEARLINE|COLDLINE|ARCHIVE")) {
            at.add("storageClass", "must be STANDARD, NEARLINE, COLDLINE or ARCHIVE");
        }
        return settings;
    }

    private static void prefix(String prefix, Problems at) {
        if (prefix != null && !prefix.isEmpty() && !prefix.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/?")) {
            at.add("prefix", "must be folder names separated by /, not " + SafeValues.show(prefix));
        }
    }

    private static boolean httpUrl(String value) {
        URI uri = URI.create(value.matches("[^\\s]+") ? value : "bad:");
        return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getRawUserInfo() == null
                && uri.getHost() != null;
    }

    private static S3Settings s3(S3Settings settings, Problems at) {
        if (settings == null) {
            return null;
        }
        if (settings.bucket() == null || !settings.bucket().matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            at.add("bucket", "is required: an S3 bucket name (3-63 lowercase letters, digits, dots, dashes)");
        }
        prefix(settings.prefix(), at);
        if (settings.endpoint() != null && !httpUrl(settings.endpoint())) {
            at.add("endpoint", "must be an http(s) URL without credentials");
        }
        if (settings.partSize() != null && (settings.partSize() < S3Settings.MIN_PART_SIZE
                || settings.partSize() > 5L * 1024 * 1024 * 1024)) {
            at.add("partSize", "must be between 5 MiB (5242880) and 5 GiB");
        }
        if ((settings.accessKeyEnv() != null && settings.accessKeyFile() != null)
                || (settings.secretKeyEnv() != null && settings.secretKeyFile() != null)) {
            at.add("give each key by environment variable or by file, not both");
        }
        boolean access = settings.accessKeyEnv() != null || settings.accessKeyFile() != null;
        boolean secret = settings.secretKeyEnv() != null || settings.secretKeyFile() != null;
        if (access != secret) {
            at.add("the access key and the secret key go together (or neither, for the default credentials)");
        }
        for (String env : new String[]{settings.accessKeyEnv(), settings.secretKeyEnv()}) {
            if (env != null && !SafeValues.matches(SafeValues.ENV_NAME, env)) {
                at.add("an environment variable name must match " + SafeValues.ENV_NAME.pattern());
            }
        }
        return settings;
    }
}
