package io.backuphub.engine.questdb;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.FailureRules;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.Dump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.engine.Engine;
import io.backuphub.engine.Restorer;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * QuestDB: {@code CHECKPOINT CREATE} over the PostgreSQL wire protocol, a tar of the data root over
 * the transport, {@code CHECKPOINT RELEASE} always; verified by reading the tar to its end and every
 * table recorded at checkpoint time in it; restored as a new root that QuestDB recovers at start
 * (docs/questdb.md).
 */
@ApplicationScoped
public class QuestDbEngine implements Engine {

    /** The manifest's list of tables at checkpoint time: {@code [{name, directory, rows}]}. */
    static final String TABLES = "tables";
    private static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,62}");

    private final QuestDbRestorer restorer = new QuestDbRestorer();

    @Override
    public String name() {
        return "questdb";
    }

    @Override
    public boolean hasSection() {
        return true;
    }

    /** A QuestDB server has one database, backed up whole: no {@code name}. */
    @Override
    public Set<String> databaseFields() {
        return Set.of();
    }

    @Override
    public void validate(Target target, Problems problems) {
        Target.DatabaseSpec db = target.database();
        Problems at = problems.at("database");
        if (db.user() != null) {
            SafeValues.check(at, "user", SafeValues.USER, db.user());
        }
        Problems section = problems.at(name());
        QuestDbSettings settings = settings(target, section);
        if (settings.root() == null && !settings.restores()) {
            section.add("needs root (the server's data root, to back up) or restoreDir and serverJar (to restore"
                    + " into)");
        }
        if (settings.root() != null) {
            SafeValues.check(section, "root", SafeValues.ABSOLUTE_PATH, settings.root());
        }
        if (settings.restoreDir() != null) {
            SafeValues.check(section, "restoreDir", SafeValues.ABSOLUTE_PATH, settings.restoreDir());
        }
        if (settings.serverJar() != null) {
            SafeValues.check(section, "serverJar", SafeValues.ABSOLUTE_PATH, settings.serverJar());
        }
        if ((settings.restoreDir() == null) != (settings.serverJar() == null)) {
            section.add("restoreDir and serverJar go together: a restore unpacks into restoreDir and starts serverJar"
                    + " on it");
        }
        if (settings.java() != null && !SafeValues.matches(SafeValues.ABSOLUTE_PATH, settings.java())) {
            SafeValues.check(section, "java", COMMAND, settings.java());
        }
    }

    static QuestDbSettings settings(Target target, Problems problems) {
        QuestDbSettings settings = ConfigFiles.section(target.section("questdb"), QuestDbSettings.class, problems);
        return settings == null ? QuestDbSettings.NONE : settings;
    }

    @Override
    public String dumpExtension() {
        return "tar";
    }

    @Override
    public Dump startDump(DumpRequest request) throws IOException {
        String root = settings(request.target(), new Problems()).root();
        if (root == null) {
            throw new IOException("target " + request.target().id() + " has no questdb.root: it is a restore"
                    + " destination only");
        }
        return CheckpointDump.start(request, root);
    }

    /** A tar's first bytes say nothing the checkpoint did not: the facts come from {@link Dump#facts()}. */
    @Override
    public Map<String, Object> describe(byte[] head) {
        return Map.of();
    }

    @Override
    public String restoreCommand() {
        return "mkdir NEW_DATABASE && tar -x -C NEW_DATABASE && touch NEW_DATABASE/_restore"
                + "   (then start QuestDB with -d NEW_DATABASE; docs/questdb.md)";
    }

    /** Reads the tar to its end-of-archive marker; every table recorded at checkpoint time must be in it. */
    @Override
    public Verification verify(VerifyRequest request) {
        return Verification.byReading(request, "backup-hub QuestDB checkpoint reader", (in, evidence) -> {
            Map<String, String> tables = recordedTables(request.dumpFacts());
            CheckpointArchive.Contents contents = CheckpointArchive.read(in);
            var fingerprint = contents.fingerprint(tables);
            evidence.put("entries", contents.entries());
            evidence.put("decodedBytes", contents.bytes());
            evidence.put("tables", tables.size());
            evidence.put("rows", fingerprint.totalRows());
            return new Verification.Reading("read the tar to its end: " + contents.entries() + " files, all "
                    + tables.size() + " tables of the checkpoint with " + fingerprint.totalRows() + " rows",
                    fingerprint);
        });
    }

    /** The tables the manifest recorded at checkpoint time, name → folder under db/. */
    static Map<String, String> recordedTables(Map<String, Object> facts) throws IOException {
        if (!(facts.get(TABLES) instanceof List<?> list)) {
            throw new IOException("the manifest lists no tables recorded at checkpoint time: this is not a"
                    + " backup-hub QuestDB backup");
        }
        Map<String, String> tables = new LinkedHashMap<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> table && table.get("name") instanceof String name
                    && table.get("directory") instanceof String directory) {
                tables.put(name, directory);
            } else {
                throw new IOException("the manifest's tables list has an entry without name and directory: " + item);
            }
        }
        return tables;
    }

    @Override
    public FailureRules failures() {
        return QuestDbFailures.RULES;
    }

    @Override
    public Optional<Restorer> restorer() {
        return Optional.of(restorer);
    }
}
