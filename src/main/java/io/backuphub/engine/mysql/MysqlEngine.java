package io.backuphub.engine.mysql;

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
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
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
        SafeValues.check(at, "name", SafeValues.SQL_NAME, db.name());
        SafeValues.check(at, "user", SafeValues.USER, db.user());
    }

    @Override
    public String dumpExtension() {
        return "sql";
    }

    @Override
    public Dump startDump(DumpRequest request) throws IOException {
        return CommandDump.start(request.connector(),
                MysqlClient.dump(request.target(), request.target().database().name()), CommandDump::new);
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
        return Verification.byReading(request, "backup-hub SQL dump reader", (in, evidence) -> {
            MysqlDumpReader.Contents contents = MysqlDumpReader.read(in);
            evidence.put("tables", contents.fingerprint().tables().size());
            evidence.put("rows", contents.fingerprint().totalRows());
            evidence.put("insertStatements", contents.statements());
            evidence.put("decodedBytes", contents.bytes());
            return new Verification.Reading("read the dump to its completion trailer: "
                    + contents.fingerprint().tables().size() + " tables, " + contents.fingerprint().totalRows()
                    + " rows", contents.fingerprint());
        });
    }

    @Override
    public FailureRules failures() {
        return MysqlFailures.RULES;
    }

    @Override
    public Optional<Restorer> restorer() {
        return Optional.of(restorer);
    }
}
