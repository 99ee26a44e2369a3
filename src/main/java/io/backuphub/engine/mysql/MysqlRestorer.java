package io.backuphub.engine.mysql;

import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.RestoreRequest;
import io.backuphub.engine.Restorer;
import io.backuphub.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a dump with the client on the destination's host, fed on stdin into a new database. The
 * restored database is fingerprinted by dumping it the way the backup was made and reading that dump
 * the same way: the same tool writes rows the same way. MySQL cannot rename a database: a replace
 * moves each table ({@code RENAME TABLE}), and refuses a database with views, triggers, routines or
 * events, which cannot move between databases.
 */
final class MysqlRestorer implements Restorer {

    @Override
    public DestinationFacts inspect(Target destination, String database, Connector connector) throws IOException {
        String[] lines = new MysqlClient(destination, connector).run(null, "SELECT VERSION();\n"
                + "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
                + MysqlClient.literal(database)
                + ";\nSELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + MysqlClient.literal(database) + ";\n").split("\n");
        boolean exists = Integer.parseInt(lines[1].strip()) > 0;
        return new DestinationFacts(lines[0].strip(), Restorer.majorVersion(lines[0]), exists,
                Integer.parseInt(lines[2].strip()) == 0);
    }

    @Override
    public Optional<String> incompatibility(Map<String, Object> dumpFacts, DestinationFacts destination) {
        boolean mariaDump = "mariadb".equals(dumpFacts.get("flavor"));
        boolean mariaServer = destination.serverVersion().toLowerCase(java.util.Locale.ROOT).contains("mariadb");
        if (mariaDump == mariaServer && Restorer.dumpIsNewer(dumpFacts, destination)) {
            return Optional.of("the destination server is " + destination.serverVersion() + " and the dump comes"
                    + " from " + dumpFacts.get("serverVersion") + ": restore into the same or a newer version");
        }
        return Optional.empty();
    }

    @Override
    public void createDatabase(Target destination, String database, Connector connector) throws IOException {
        new MysqlClient(destination, connector).run(null, "CREATE DATABASE " + MysqlClient.ident(database) + ";\n");
    }

    @Override
    public void dropDatabase(Target destination, String database, Connector connector) throws IOException {
        new MysqlClient(destination, connector).run(null, "DROP DATABASE IF EXISTS " + MysqlClient.ident(database)
                + ";\n");
    }

    @Override
    public void renameDatabase(Target destination, String from, String to, Connector connector) throws IOException {
        MysqlClient client = new MysqlClient(destination, connector);
        String schema = MysqlClient.literal(from);
        String unmovable = client.run(null,
                "SELECT (SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = "
                        + schema + ") + (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = "
                        + schema
                        + ") + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + schema
                        + ") + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + schema
                        + ");\n");
        if (Integer.parseInt(unmovable.strip()) > 0) {
            throw new IOException("database " + from + " has views, triggers, routines or events, which MySQL cannot"
                    + " move to another database: replace it by hand (docs/mysql.md)");
        }
        List<String> renames = new ArrayList<>();
        for (String table : client.run(null, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + schema + " ORDER BY 1;\n").lines().filter(l -> !l.isBlank()).toList()) {
            renames.add(MysqlClient.ident(from) + "." + MysqlClient.ident(table) + " TO " + MysqlClient.ident(to)
                    + "." + MysqlClient.ident(table));
        }
        String sql = "CREATE DATABASE " + MysqlClient.ident(to) + ";\n"
                + (renames.isEmpty() ? "" : "RENAME TABLE " + String.join(", ", renames) + ";\n")
                + "DROP DATABASE " + MysqlClient.ident(from) + ";\n";
        client.run(null, sql);
    }

    @Override
    public void restore(RestoreRequest request) throws IOException {
        try (InputStream dump = request.source().open()) {
            new MysqlClient(request.destination(), request.connector()).restore(request.database(), dump,
                    request.progress());
        }
    }

    @Override
    public Fingerprint fingerprint(Target destination, String database, Connector connector) throws IOException {
        return new MysqlClient(destination, connector).readDump(database, out -> MysqlDumpReader.read(out)
                .fingerprint());
    }
}
