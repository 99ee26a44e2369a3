package io.backuphub.target;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import io.backuphub.common.ConfigFiles;
import io.backuphub.common.CronSpec;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.Json;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads targets.yaml and validates every target, reporting all problems at once with their paths. */
public final class TargetsFile {

    /** The file's shape: {@code targets: [...]}. */
    record Document(List<Target> targets) {
    }

    public static final Duration DEFAULT_EXPECTED_EVERY = Duration.ofHours(24);
    static final String PROBLEM = "invalid-targets-file";

    private final Map<String, EngineCheck> engines;
    private final Set<String> stores;
    private final ObjectMapper mapper;

    /** A parser that knows these engines and only the built-in {@code local} store. */
    public TargetsFile(Map<String, EngineCheck> engines) {
        this(engines, Set.of("local"));
    }

    /** {@code stores}: the ids of the stores a target may name. */
    public TargetsFile(Map<String, EngineCheck> engines, Set<String> stores) {
        this.engines = engines;
        this.stores = Set.copyOf(stores);
        this.mapper = Json.YAML.copy().addHandler(new EngineSections());
    }

    /**
     * Engine sections ({@code mongodb:}, {@code qdrant:}...) pass the strict reading of a target, which
     * reports every other unknown field with its line; they are read from the tree and checked after.
     */
    private final class EngineSections extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object beanOrClass, String name) throws IOException {
            boolean target = beanOrClass == Target.class || beanOrClass instanceof Target;
            if (target && engines.containsKey(name)) {
                parser.skipChildren();
                return true;
            }
            return false;
        }
    }

    /** Each target with the engine sections written beside its fields. */
    private List<Target> withSections(List<Target> targets, String yaml) {
        JsonNode items;
        try {
            items = Json.YAML.readTree(yaml).path("targets");
        } catch (IOException e) {
            return targets;
        }
        List<Target> result = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            JsonNode item = items.path(i);
            Map<String, Object> sections = new LinkedHashMap<>();
            engines.keySet().stream().filter(item::has)
                    .forEach(name -> sections.put(name, Json.YAML.convertValue(item.get(name), Object.class)));
            result.add(t == null ? null : new Target(t.id(), t.engine(), t.environment(), t.transport(), t.database(),
                    t.expectedEvery(), t.compression(), t.compressionLevel(), t.encryption(), t.backupOnStart(),
                    t.jobTimeout(), t.restore(), t.drill(), t.pitr(), t.stores(), t.replicateTo(), t.labels(),
                    sections));
        }
        return result;
    }

    /** Parses and validates; throws {@link InvalidConfigException} listing every problem. */
    public Map<String, Target> load(Path file) throws IOException {
        return load(file, TargetDefaults.NONE);
    }

    /** Parses and validates each target with the settings it leaves unset taken from {@code defaults}. */
    public Map<String, Target> load(Path file, TargetDefaults.Candidate defaults) throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        return parse(Files.readString(file), file.toString(), defaults);
    }

    public Map<String, Target> parse(String yaml, String source) {
        return parse(yaml, source, TargetDefaults.NONE);
    }

    public Map<String, Target> parse(String yaml, String source, TargetDefaults.Candidate defaults) {
        Document document = ConfigFiles.parse(mapper, yaml, source, Document.class, PROBLEM).orElse(null);
        List<Target> declared = document == null || document.targets() == null ? List.of() : withSections(
                document.targets(), yaml);
        Problems problems = new Problems();
        Map<String, Target> valid = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < declared.size(); i++) {
            Target target = declared.get(i);
            Problems at = problems.at("targets[" + i + "]");
            if (target == null) {
                at.add("is empty");
                continue;
            }
            validateLabels(target.labels(), at.at("labels"));
            try {
                target = defaults.apply(target);
            } catch (IllegalArgumentException e) {
                at.add(e.getMessage());
            }
            declared.set(i, target);
            Target normalized = validate(target, at);
            if (target.id() != null && !seen.add(target.id())) {
                at.add("id", "duplicate id " + SafeValues.show(target.id()));
            }
            valid.put(target.id(), normalized);
        }
        for (int i = 0; i < declared.size(); i++) {
            Target target = declared.get(i);
            if (target != null && target.drill() != null && target.drill().scratch() != null) {
                Target scratch = valid.get(target.drill().scratch());
                if (scratch == null) {
                    problems.at("targets[" + i + "]").at("drill").add("scratch",
                            "no target " + SafeValues.show(target.drill().scratch()) + " in this file");
                } else if (!scratch.engine().equals(valid.get(target.id()).engine())) {
                    problems.at("targets[" + i + "]").at("drill").add("scratch", "target " + scratch.id()
                            + " is a " + scratch.engine() + " target; drills restore into the same engine");
                } else if (target.drill().pitr() && (scratch.pitr() == null || scratch.pitr().restoreDir() == null)) {
                    problems.at("targets[" + i + "]").at("drill").add("scratch", "target " + scratch.id()
                            + " has no pitr.restoreDir and pitr.pgBin: a PITR drill recovers into a new data"
                            + " directory on its host");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(PROBLEM, source, problems.messages());
        }
        return Map.copyOf(valid);
    }

    Target validate(Target t, Problems problems) {
        SafeValues.check(problems, "id", SafeValues.SLUG, t.id());
        SafeValues.check(problems, "environment", SafeValues.SLUG, t.environment());
        EngineCheck engine = null;
        if (t.engine() == null) {
            problems.add("engine", "is required (one of " + engines.keySet() + ")");
        } else {
            engine = engines.get(t.engine());
            if (engine == null) {
                engine = engines.values().stream().filter(e -> e.aliases().contains(t.engine())).findFirst()
                        .orElse(null);
            }
            if (engine == null) {
                problems.add("engine",
                        "unknown engine " + SafeValues.show(t.engine()) + " (one of " + engines.keySet() + ")");
            }
        }
        Target.TransportSpec transport = engine == null || engine.usesTransport()
                ? validateTransport(t.transport(), problems.at("transport"))
                : absent(t.transport(), "transport", engine, problems);
        Target.DatabaseSpec database = engine == null || engine.usesDatabase()
                ? validateDatabase(t.database(), problems.at("database"))
                : absent(t.database(), "database", engine, problems);
        for (String section : t.settings().keySet()) {
            boolean own = engine != null && engine.hasSection() && section.equals(engine.name());
            EngineCheck other = engines.get(section);
            if (!own) {
                problems.add(section, "unknown field" + (other != null && other.hasSection()
                        ? " (the " + section + " section is for " + section + " targets)" : ""));
            }
        }

        Duration expectedEvery = t.expectedEvery() == null ? DEFAULT_EXPECTED_EVERY : t.expectedEvery();
        if (expectedEvery.isNegative() || expectedEvery.isZero()) {
            problems.add("expectedEvery", "must be a positive ISO-8601 duration such as PT24H");
        }
        Compression compression = t.compression() == null ? Compression.ZSTD : t.compression();
        int level = t.compressionLevel() == null ? compression.defaultLevel() : t.compressionLevel();
        if (compression != Compression.NONE && !compression.acceptsLevel(level)) {
            problems.add("compressionLevel", "must be within " + compression.levelRange() + " for " + compression.id());
        }
        validateEncryption(t.encryption(), problems.at("encryption"));
        validateDrill(t.drill(), problems.at("drill"));
        if (t.drill() != null && t.drill().pitr() && !t.pitrOn()) {
            problems.at("drill").add("mode", "a pitr drill recovers the target's WAL: give it pitr: {enabled: true}");
        }
        validatePitr(t, problems.at("pitr"));
        validateStores(t.stores(), problems.at("stores"));
        validateStores(t.replicateTo(), problems.at("replicateTo"));
        t.replicateTo().stream().filter(t.stores()::contains).distinct().forEach(id -> problems.add("replicateTo",
                "store " + id + " is also in stores: each backup is written there already"));
        if (t.jobTimeout() != null && (t.jobTimeout().isNegative() || t.jobTimeout().isZero())) {
            problems.add("jobTimeout", "must be a positive ISO-8601 duration such as PT36H");
        }

        Target normalized = new Target(t.id(), engine == null ? t.engine() : engine.name(), t.environment(), transport,
                database, expectedEvery,
                compression, compression == Compression.NONE ? null : level, t.encryption(), t.backupOnStart(),
                t.jobTimeout(), t.restore(), t.drill(), t.pitr(), t.stores(), t.replicateTo(), t.labels(),
                t.settings());
        if (engine != null && database != null) {
            unusedFields(database, engine, problems.at("database"));
        }
        if (engine != null && (database != null || !engine.usesDatabase())) {
            engine.validate(normalized, problems);
        }
        return normalized;
    }

    /** Label keys and values: short names that read the same in a URL, a selector and a metric label. */
    static final java.util.regex.Pattern LABEL_KEY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final java.util.regex.Pattern LABEL_VALUE = java.util.regex.Pattern
            .compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public static void validateLabels(Map<String, String> labels, Problems problems) {
        labels.forEach((key, value) -> {
            if (!SafeValues.matches(LABEL_KEY, key)) {
                problems.add("label keys must match " + LABEL_KEY.pattern() + ", not " + SafeValues.show(key));
            } else {
                SafeValues.check(problems, key, LABEL_VALUE, value);
            }
        });
    }

    /** A database field the engine does not read is an error, not silently ignored. */
    private static void unusedFields(Target.DatabaseSpec database, EngineCheck engine, Problems problems) {
        Map<String, Object> given = new java.util.LinkedHashMap<>();
        given.put("name", database.name());
        given.put("authDatabase", database.authDatabase());
        given.forEach((field, value) -> {
            if (value != null && !engine.databaseFields().contains(field)) {
                problems.add(field, "is not used by " + engine.name() + " targets");
            }
        });
    }

    /** A block the engine has no use for is an error, not silently ignored. */
    private static <T> T absent(T block, String field, EngineCheck engine, Problems problems) {
        if (block != null) {
            problems.add(field, "is not used by " + engine.name() + " targets");
        }
        return null;
    }

    private void validateStores(List<String> named, Problems problems) {
        for (int i = 0; i < named.size(); i++) {
            if (!stores.contains(named.get(i))) {
                problems.add("[" + i + "]", "unknown store " + SafeValues.show(named.get(i)) + " (declared: "
                        + new java.util.TreeSet<>(stores) + ")");
            }
        }
        if (new java.util.HashSet<>(named).size() < named.size()) {
            problems.add("names a store twice: each store holds one copy");
        }
    }

    public static void validateDrill(Target.DrillSpec drill, Problems problems) {
        if (drill == null) {
            return;
        }
        try {
            CronSpec.parse(drill.cron());
        } catch (IllegalArgumentException e) {
            problems.add("cron", e.getMessage());
        }
        if (drill.mode() != null && !"dump".equals(drill.mode()) && !drill.pitr()) {
            problems.add("mode", "must be dump or pitr, not " + SafeValues.show(drill.mode()));
        }
        if (drill.scratch() == null) {
            problems.add("scratch", "is required: the target drills restore into (the hub creates and drops"
                    + " databases there)");
        }
        if (drill.maxAge() != null && (drill.maxAge().isNegative() || drill.maxAge().isZero())) {
            problems.add("maxAge", "must be a positive ISO-8601 duration such as P7D");
        }
    }

    private static final java.util.regex.Pattern SLOT_NAME = java.util.regex.Pattern.compile("[a-z0-9_]{1,63}");

    /** PITR streams a PostgreSQL server's WAL: its slot name and lag bound must be ones the hub can use. */
    private static void validatePitr(Target t, Problems problems) {
        Target.PitrSpec pitr = t.pitr();
        if (pitr == null) {
            return;
        }
        if (pitr.enabled() == null) {
            problems.add("enabled", "is required: true streams the server's WAL (docs/pitr.md)");
        }
        if (!"postgres".equals(t.engine()) && !"postgresql".equals(t.engine())) {
            problems.add("point-in-time recovery is for postgres targets (MongoDB's oplog and MySQL's binlog come"
                    + " later)");
        }
        if (t.id() != null && !SLOT_NAME.matcher(pitr.slotFor(t.id())).matches()) {
            problems.add("slot", "must be 1-63 of a-z, 0-9 and _ (a replication slot's name), not "
                    + SafeValues.show(pitr.slotFor(t.id())));
        }
        if (pitr.maxLag() != null && (pitr.maxLag().isNegative() || pitr.maxLag().isZero())) {
            problems.add("maxLag", "must be a positive ISO-8601 duration such as PT5M");
        }
        if (pitr.passwordEnv() != null && pitr.passwordFile() != null) {
            problems.add("give passwordEnv or passwordFile, not both");
        }
        if ((pitr.passwordEnv() != null || pitr.passwordFile() != null) && pitr.user() == null) {
            problems.add("user", "is required with a password: the replication role's name");
        }
        if (pitr.restoreDir() != null) {
            SafeValues.check(problems, "restoreDir", SafeValues.ABSOLUTE_PATH, pitr.restoreDir());
        }
        if (pitr.pgBin() != null) {
            SafeValues.check(problems, "pgBin", SafeValues.ABSOLUTE_PATH, pitr.pgBin());
        }
        if (pitr.base() != null) {
            try {
                CronSpec.parse(pitr.base().cron());
            } catch (IllegalArgumentException e) {
                problems.at("base").add("cron", e.getMessage());
            }
        }
        if ((pitr.restoreDir() == null) != (pitr.pgBin() == null)) {
            problems.add(
                    "restoreDir and pgBin go together: a recovery unpacks into restoreDir and starts pgBin/pg_ctl");
        }
    }

    private static Target.TransportSpec validateTransport(Target.TransportSpec t, Problems problems) {
        if (t == null) {
            problems.add("is required (type: ssh | local)");
            return null;
        }
        if ("local".equals(t.type())) {
            if (t.host() != null || t.user() != null || t.privateKeyFile() != null || t.knownHostsFile() != null) {
                problems.add("local transport takes no host, user or keys");
            }
            return t;
        }
        if (!"ssh".equals(t.type())) {
            problems.add("type", "must be ssh or local, not " + SafeValues.show(t.type()));
            return t;
        }
        if (!SafeValues.matches(SafeValues.HOST, t.host())) {
            problems.add("host", "must be a host name or IP address, not " + SafeValues.show(t.host()));
        }
        int port = t.port() == null ? 22 : t.port();
        port(port, "port", problems);
        SafeValues.check(problems, "user", SafeValues.USER, t.user());
        int credentials = (t.privateKeyFile() != null ? 1 : 0) + (t.passwordEnv() != null ? 1 : 0)
                + (t.passwordFile() != null ? 1 : 0);
        if (credentials != 1) {
            problems.add("exactly one of privateKeyFile, passwordEnv or passwordFile is required");
        }
        readableFile(t.privateKeyFile(), "privateKeyFile", problems);
        readableFile(t.passwordFile(), "passwordFile", problems);
        envName(t.passwordEnv(), "passwordEnv", problems);
        if (t.knownHostsFile() == null) {
            problems.add("knownHostsFile", "is required: host keys are always checked");
        } else {
            readableFile(t.knownHostsFile(), "knownHostsFile", problems);
        }
        positive(t.connectTimeout(), "connectTimeout", problems);
        positive(t.idleTimeout(), "idleTimeout", problems);
        return new Target.TransportSpec(t.type(), t.host(), port, t.user(), t.privateKeyFile(), t.passwordEnv(),
                t.passwordFile(), t.knownHostsFile(), t.connectTimeout(), t.idleTimeout());
    }

    private static Target.DatabaseSpec validateDatabase(Target.DatabaseSpec d, Problems problems) {
        if (d == null) {
            problems.add("is required");
            return null;
        }
        String host = d.host() == null ? "127.0.0.1" : d.host();
        if (!SafeValues.matches(SafeValues.HOST, host)) {
            problems.add("host", "must be a host name or IP address, not " + SafeValues.show(host));
        }
        if (d.port() != null) {
            port(d.port(), "port", problems);
        }
        if (d.passwordEnv() != null && d.passwordFile() != null) {
            problems.add("give passwordEnv or passwordFile, not both");
        }
        envName(d.passwordEnv(), "passwordEnv", problems);
        readableFile(d.passwordFile(), "passwordFile", problems);
        return new Target.DatabaseSpec(host, d.port(), d.user(), d.passwordEnv(), d.passwordFile(), d.name(),
                d.authDatabase());
    }

    public static void validateEncryption(Target.EncryptionSpec e, Problems problems) {
        if (e == null) {
            return;
        }
        if (e.ageRecipients() == null || e.ageRecipients().isEmpty()) {
            problems.add("ageRecipients", "needs at least one age1... public key");
        } else {
            for (int i = 0; i < e.ageRecipients().size(); i++) {
                String recipient = e.ageRecipients().get(i);
                if (!AgeKeys.isRecipient(recipient)) {
                    problems.add("ageRecipients[" + i + "]", "is not an age X25519 public key (age1...)");
                }
            }
        }
        if (e.identityEnv() != null && e.identityFile() != null) {
            problems.add("give identityEnv or identityFile, not both");
        }
        envName(e.identityEnv(), "identityEnv", problems);
        readableFile(e.identityFile(), "identityFile", problems);
    }

    private static void port(int port, String field, Problems problems) {
        if (port < 1 || port > 65535) {
            problems.add(field, "must be within 1..65535");
        }
    }

    private static void envName(String value, String field, Problems problems) {
        if (value != null && !SafeValues.matches(SafeValues.ENV_NAME, value)) {
            problems.add(field, "must name an environment variable, not " + SafeValues.show(value));
        }
    }

    private static void positive(Duration value, String field, Problems problems) {
        if (value != null && (value.isNegative() || value.isZero())) {
            problems.add(field, "must be a positive ISO-8601 duration");
        }
    }

    private static void readableFile(String value, String field, Problems problems) {
        if (value != null && !Files.isReadable(Path.of(value))) {
            problems.add(field, "file " + SafeValues.show(value) + " does not exist or is not readable");
        }
    }
}
