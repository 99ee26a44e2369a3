package io.backuphub.engine.mongodb;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.FailureRules;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.CommandDump;
import io.backuphub.engine.Dump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.engine.Engine;
import io.backuphub.engine.Restorer;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.target.Target;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MongoDB: {@code mongodump --archive} of one database, some, or the whole server (with the oplog on
 * a replica set), verified by reading the archive back (every namespace's CRC-64) and fingerprinted
 * per collection; restored with mongorestore (docs/mongodb.md).
 */
@ApplicationScoped
public class MongoEngine implements Engine {

    /** Database names the hub accepts: MongoDB's rules, without the characters a shell or URI would read. */
    static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    /** The archive's collection list is kept while it streams past, up to this size. */
    private static final int PRELUDE_LIMIT = 4 * 1024 * 1024;

    private final MongoRestorer restorer = new MongoRestorer();

    @Override
    public String name() {
        return "mongodb";
    }

    @Override
    public boolean hasSection() {
        return true;
    }

    /** One database ({@code name}, absent = all) and the database users authenticate against. */
    @Override
    public Set<String> databaseFields() {
        return Set.of("name", "authDatabase");
    }

    @Override
    public void validate(Target target, Problems problems) {
        Target.DatabaseSpec db = target.database();
        Problems at = problems.at("database");
        if (db.name() != null) {
            SafeValues.check(at, "name", DATABASE, db.name());
        }
        if (db.user() != null) {
            SafeValues.check(at, "user", SafeValues.USER, db.user());
        }
        if (db.user() == null && (db.passwordEnv() != null || db.passwordFile() != null)) {
            at.add("user", "is required with a password");
        }
        if (db.authDatabase() != null) {
            SafeValues.check(at, "authDatabase", DATABASE, db.authDatabase());
        }
        MongoSettings settings = settings(target, problems.at(name()));
        if (settings.isReplicaSet() && db.name() != null) {
            problems.at(name()).add("replicaSet", "takes the oplog, which only a whole-server dump has: remove"
                    + " database.name, or replicaSet");
        }
        if (target.drill() != null && db.name() == null) {
            problems.at("drill").add("drills restore one database: give database.name");
        }
    }

    static MongoSettings settings(Target target, Problems problems) {
        MongoSettings settings = ConfigFiles.section(target.section("mongodb"), MongoSettings.class, problems);
        return settings == null ? MongoSettings.NONE : settings;
    }

    @Override
    public Map<String, Object> validateOptions(Map<String, Object> options, Problems problems) {
        Map<String, Object> valid = new LinkedHashMap<>();
        for (Map.Entry<String, Object> option : options.entrySet()) {
            if (!"databases".equals(option.getKey())) {
                problems.add(option.getKey(), "unknown option for mongodb (known: databases)");
                continue;
            }
            valid.put("databases", SafeValues.names(option.getValue(), DATABASE, problems.at("databases")));
        }
        return valid;
    }

    @Override
    public String dumpExtension() {
        return "archive";
    }

    @Override
    public Dump startDump(DumpRequest request) throws IOException {
        Target target = request.target();
        List<String> argv = new ArrayList<>(List.of("--archive"));
        Object databases = request.options().get("databases");
        if (databases instanceof List<?> names) {
            if (target.database().name() != null) {
                throw new IOException("option databases: this target dumps only database "
                        + target.database().name());
            }
            names.forEach(n -> argv.add("--nsInclude=" + n + ".*"));
        } else if (target.database().name() != null) {
            argv.add("--db=" + target.database().name());
        } else if (settings(target, new Problems()).isReplicaSet()) {
            argv.add("--oplog");
        }
        return CommandDump.start(request.connector(), MongoTools.command("mongodump", target, argv), ArchiveDump::new);
    }

    @Override
    public Map<String, Object> describe(byte[] head) throws IOException {
        return MongoArchive.header(new ByteArrayInputStream(head)).facts();
    }

    @Override
    public String restoreCommand() {
        return "mongorestore --archive --nsFrom='DATABASE.*' --nsTo='NEW_DATABASE.*'";
    }

    /** Reads the stored archive to the end: every namespace's CRC-64, every collection's data complete. */
    @Override
    public Verification verify(VerifyRequest request) {
        return Verification.byReading(request, "backup-hub mongodump archive reader", (in, evidence) -> {
            MongoArchive.Contents contents = MongoArchive.read(in);
            evidence.put("toolVersion", contents.prelude().toolVersion());
            evidence.put("collections", contents.prelude().collections().size());
            evidence.put("documents", contents.documents());
            evidence.put("decodedBytes", contents.bytes());
            return new Verification.Reading("read " + contents.namespaces() + " namespaces and "
                    + contents.documents() + " documents to the end; every CRC-64 matches", contents.fingerprint());
        });
    }

    @Override
    public FailureRules failures() {
        return MongoFailures.RULES;
    }

    @Override
    public Optional<Restorer> restorer() {
        return Optional.of(restorer);
    }

    /** mongodump's stdout, whose collection list is kept on the way to name the databases in the manifest. */
    private static final class ArchiveDump extends CommandDump {

        private final RecordingStream data;

        ArchiveDump(Connection connection, RunningCommand command) {
            super(connection, command);
            this.data = new RecordingStream(super.data(), PRELUDE_LIMIT);
        }

        @Override
        public InputStream data() {
            return data;
        }

        @Override
        public Map<String, Object> facts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            try {
                MongoArchive.Prelude prelude = MongoArchive.prelude(new ByteArrayInputStream(data.recorded()));
                facts.put("databases", List.copyOf(prelude.databases()));
                facts.put("databaseCount", prelude.databases().size());
                facts.put("collections", prelude.collections().size());
            } catch (IOException e) {
                facts.put("collections", "not listed: the collection list is longer than " + PRELUDE_LIMIT + " bytes");
            }
            return facts;
        }
    }
}
