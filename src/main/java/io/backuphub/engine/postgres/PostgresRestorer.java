package io.backuphub.engine.postgres;

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
 * Restores a pg_dump archive with pg_restore on the destination's host, streaming the decoded artifact
 * into its stdin. Databases are made, dropped and renamed through psql on the maintenance database.
 */
final class PostgresRestorer implements Restorer {

    @Override
    public DestinationFacts inspect(Target destination, String database, Connector connector) throws IOException {
        Psql psql = new Psql(destination, connector);
        String[] server = psql.run(Psql.MAINTENANCE_DB, "SELECT current_setting('server_version') || '|'"
                + " || current_setting('server_version_num') || '|'"
                + " || (SELECT count(*) FROM pg_database WHERE datname = " + Psql.literal(database) + ");")
                .split("\\|");
        boolean exists = Integer.parseInt(server[2].strip()) > 0;
        boolean empty = !exists || Integer.parseInt(psql.run(database, "SELECT count(*) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                + " AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%';").strip()) == 0;
        return new DestinationFacts(server[0].strip(), Integer.parseInt(server[1].strip()) / 10000, exists, empty);
    }

    @Override
    public Optional<String> incompatibility(Map<String, Object> dumpFacts, DestinationFacts destination) {
        if (BaseBackup.isBase(dumpFacts)) {
            return Optional.of("this is a base backup (a copy of the whole cluster's files), not a dump: it restores"
                    + " to a point in time into a new data directory, with POST /api/v1/targets/{id}/restores/preview"
                    + " {\"mode\":\"pitr\"} (docs/pitr.md)");
        }
        if (Restorer.dumpIsNewer(dumpFacts, destination)) {
            return Optional.of("the destination server is PostgreSQL " + destination.serverVersion()
                    + " and the dump comes from " + dumpFacts.get("serverVersion")
                    + ": a dump restores only into the same or a newer"
                    + " major version");
        }
        return Optional.empty();
    }

    @Override
    public void createDatabase(Target destination, String database, Connector connector) throws IOException {
        new Psql(destination, connector).run(Psql.MAINTENANCE_DB, "CREATE DATABASE " + Psql.ident(database) + ";");
    }

    @Override
    public void dropDatabase(Target destination, String database, Connector connector) throws IOException {
        new Psql(destination, connector).run(Psql.MAINTENANCE_DB, closeSessions(database)
                + "DROP DATABASE IF EXISTS " + Psql.ident(database) + ";");
    }

    @Override
    public void renameDatabase(Target destination, String from, String to, Connector connector) throws IOException {
        new Psql(destination, connector).run(Psql.MAINTENANCE_DB, closeSessions(from)
                + "ALTER DATABASE " + Psql.ident(from) + " RENAME TO " + Psql.ident(to) + ";");
    }

    /** A database with sessions on it can be neither dropped nor renamed. */
    private static String closeSessions(String database) {
        return "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                + Psql.literal(database) + " AND pid <> pg_backend_pid();\n";
    }

    @Override
    public void restore(RestoreRequest request) throws IOException {
        List<String> options = new ArrayList<>(List.of("--exit-on-error"));
        if (!request.keepOwnership()) {
            options.addAll(List.of("--no-owner", "--no-privileges"));
        }
        try (InputStream source = request.source().open()) {
            new Psql(request.destination(), request.connector()).feed("pg_restore", request.database(), options,
                    source, request.progress());
        }
    }

    @Override
    public Fingerprint fingerprint(Target destination, String database, Connector connector) throws IOException {
        return new Psql(destination, connector).fingerprint(database);
    }
}
