package io.backuphub.engine.postgres;

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
import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PostgreSQL: {@code pg_dump --format=custom --compress=0} of one database (the pipeline compresses),
 * verified with pg_restore against the stored artifact; with {@code {"kind":"base"}}, a base backup
 * of the whole cluster for point-in-time recovery ({@link BaseBackup}).
 */
@ApplicationScoped
public class PostgresEngine implements Engine {

    public static final int DEFAULT_PORT = 5432;
    private static final Pattern QUALIFIED_NAME = Pattern.compile(
            SafeValues.SQL_NAME.pattern() + "(\\." + SafeValues.SQL_NAME.pattern() + ")?");

    private final PostgresVerifier verifier;
    private final PostgresRestorer restorer = new PostgresRestorer();
    private final BaseBackupVerifier baseVerifier = new BaseBackupVerifier();

    public PostgresEngine(PostgresProperties config) {
        this.verifier = new PostgresVerifier(config.pgRestore());
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void validate(Target target, Problems problems) {
        Target.DatabaseSpec db = target.database();
        Problems at = problems.at("database");
        if (!SafeValues.matches(SafeValues.SQL_NAME, db.name())) {
            at.add("name",
                    "must match " + SafeValues.SQL_NAME.pattern() + " (no quotes, spaces, '=' or shell syntax), not "
                            + SafeValues.show(db.name()));
        }
        SafeValues.check(at, "user", SafeValues.USER, db.user());
    }

    @Override
    public Map<String, Object> validateOptions(Map<String, Object> options, Problems problems) {
        Map<String, Object> valid = new LinkedHashMap<>();
        for (Map.Entry<String, Object> option : options.entrySet()) {
            switch (option.getKey()) {
                case "schemas" ->
                    valid.put("schemas",
                            SafeValues.names(option.getValue(), SafeValues.SQL_NAME, problems.at("schemas")));
                case "excludeTables" ->
                    valid.put("excludeTables",
                            SafeValues.names(option.getValue(), QUALIFIED_NAME, problems.at("excludeTables")));
                case "kind" -> {
                    if ("dump".equals(option.getValue())) {
                        continue;
                    }
                    if (!BaseBackup.KIND.equals(option.getValue())) {
                        problems.add("kind",
                                "must be dump or base, not " + SafeValues.show(String.valueOf(option.getValue())));
                    }
                    valid.put("kind", BaseBackup.KIND);
                }
                default -> problems.add(option.getKey(),
                        "unknown option for postgres (known: schemas, excludeTables, kind)");
            }
        }
        if (BaseBackup.requested(valid) && valid.size() > 1) {
            problems.add("kind", "a base backup copies the whole cluster: it takes no schemas or excludeTables");
        }
        return valid;
    }

    @Override
    public String dumpExtension() {
        return "pgdump";
    }

    @Override
    public String dumpExtension(Map<String, Object> options) {
        return BaseBackup.requested(options) ? "tar" : dumpExtension();
    }

    @Override
    public Dump startDump(DumpRequest request) throws IOException {
        if (BaseBackup.requested(request.options())) {
            if (!request.target().pitrOn()) {
                throw new IOException("a base backup is for point-in-time recovery: give the target pitr: {enabled:"
                        + " true} first (docs/pitr.md)");
            }
            return CommandDump.start(request.connector(), BaseBackup.command(request.target()), PgDump::new);
        }
        return CommandDump.start(request.connector(), dumpCommand(request.target(), request.options()), PgDump::new);
    }

    /** The pg_dump argv: every value validated upstream, passed as its own argument, never a shell string. */
    static Command dumpCommand(Target target, Map<String, Object> options) throws IOException {
        List<String> argv = new ArrayList<>(List.of("--format=custom", "--compress=0"));
        for (String schema : stringList(options.get("schemas"))) {
            argv.add("--schema=" + schema);
        }
        for (String table : stringList(options.get("excludeTables"))) {
            argv.add("--exclude-table=" + table);
        }
        return Psql.client("pg_dump", target, target.database().name(), argv);
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    @Override
    public Map<String, Object> describe(byte[] head) throws IOException {
        if (BaseBackup.looksLikeTar(head)) {
            return BaseBackup.describe(head);
        }
        return PgDumpHeader.parse(head).asManifestFields();
    }

    @Override
    public String restoreCommand() {
        return "pg_restore --dbname=NEW_DATABASE --no-owner";
    }

    @Override
    public String restoreCommand(Map<String, Object> source) {
        return BaseBackup.isBase(source) ? "tar -x -C NEW_DATA_DIRECTORY (then recover with the WAL: docs/pitr.md)"
                : restoreCommand();
    }

    @Override
    public Verification verify(VerifyRequest request) {
        if (BaseBackup.isBase(request.dumpFacts())) {
            return baseVerifier.verify(request);
        }
        return verifier.verify(request);
    }

    @Override
    public FailureRules failures() {
        return PostgresFailures.RULES;
    }

    @Override
    public Optional<Restorer> restorer() {
        return Optional.of(restorer);
    }

    /** pg_dump's most common first-run failure, with what to do about it. */
    static IOException explained(IOException e) {
        if (String.valueOf(e.getMessage()).contains("no password supplied")) {
            return new IOException(e.getMessage().strip() + "\n(the server wants a password: give the target"
                    + " database.passwordEnv or database.passwordFile in the targets file; with transport local, the"
                    + " hub's own PGPASSWORD or ~/.pgpass also work)", e);
        }
        return e;
    }

    /** pg_dump's output; its failures say what to do about a missing password. */
    private static final class PgDump extends CommandDump {

        PgDump(Connection connection, RunningCommand command) {
            super(connection, command);
        }

        @Override
        public void finish() throws IOException {
            try {
                super.finish();
            } catch (IOException e) {
                throw explained(e);
            }
        }
    }
}
