package io.backuphub.engine.mysql;

import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
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
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MySQL and MariaDB: {@code mariadb-dump} / {@code mysqldump --single-transaction --routines
 * --triggers --events --hex-blob} of one database, verified by reading the SQL script to its
 * completion trailer and fingerprinting every table's rows; restored with the {@code mariadb} /
 * {@code mysql} client (docs/mysql.md).
 */
@ApplicationScoped
public class MysqlEngine implements Engine {

    private static final Duration EXIT_WAIT = Duration.ofMinutes(5);

    private final MysqlRestorer restorer = new MysqlRestorer();

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public List<String> aliases() {
        return List.of("mariadb");
    }

    @Override
    public void validate(Target target, Problems problems) {
        Target.DatabaseSpec db = target.database();
        Problems at = problems.at("database");
        if (!SafeValues.matches(SafeValues.SQL_NAME, db.name())) {
            at.add("name", "must match " + SafeValues.SQL_NAME.pattern() + ", not " + SafeValues.show(db.name()));
        }
        if (!SafeValues.matches(SafeValues.USER, db.user())) {
            at.add("user", "must match " + SafeValues.USER.pattern() + ", not " + SafeValues.show(db.user()));
        }
        if (db.authDatabase() != null) {
            at.add("authDatabase", "is for mongodb targets only");
        }
    }

    @Override
    public Map<String, Object> validateOptions(Map<String, Object> options, Problems problems) {
        options.keySet().forEach(key -> problems.add(key, "unknown option for mysql (it takes none)"));
        return Map.of();
    }

    @Override
    public String dumpExtension() {
        return "sql";
    }

    @Override
    public Dump startDump(DumpRequest request) throws IOException {
        Connection connection = request.connector().connect();
        try {
            RunningCommand running = connection.start(MysqlClient.dump(request.target(),
                    request.target().database().name()));
            return new Dump() {

                @Override
                public InputStream data() {
                    return running.stdout();
                }

                @Override
                public void finish() throws IOException {
                    running.awaitSuccess(EXIT_WAIT);
                }

                @Override
                public void close() {
                    running.close();
                    connection.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public Map<String, Object> describe(byte[] head) {
        return MysqlDumpReader.describe(head);
    }

    @Override
    public String restoreCommand() {
        return "mariadb --database=NEW_DATABASE   (or mysql; create NEW_DATABASE first)";
    }

    @Override
    public Verification verify(VerifyRequest request) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("tool", "backup-hub SQL dump reader");
        long started = System.nanoTime();
        try (InputStream in = request.source().open()) {
            MysqlDumpReader.Contents contents = MysqlDumpReader.read(in);
            evidence.put("tables", contents.fingerprint().tables().size());
            evidence.put("rows", contents.fingerprint().totalRows());
            evidence.put("insertStatements", contents.statements());
            evidence.put("decodedBytes", contents.bytes());
            evidence.put("durationMs", (System.nanoTime() - started) / 1_000_000);
            return Verification.verified("read the dump to its completion trailer: "
                    + contents.fingerprint().tables().size() + " tables, " + contents.fingerprint().totalRows()
                    + " rows", evidence, contents.fingerprint());
        } catch (IOException e) {
            return Verification.failed(e.getMessage(), evidence);
        }
    }

    @Override
    public Optional<Restorer> restorer() {
        return Optional.of(restorer);
    }
}
