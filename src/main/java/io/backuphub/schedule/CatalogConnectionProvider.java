package io.backuphub.schedule;

import io.backuphub.catalog.Db;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz's JDBC job store connections of the catalog datasource (H2 or PostgreSQL). */
public class CatalogConnectionProvider implements ConnectionProvider {

    @Override
    public Connection getConnection() throws SQLException {
        return Arc.container().instance(Db.class).get().dataSource().getConnection();
    }

    @Override
    public void shutdown() {
        // The datasource belongs to Quarkus.
    }

    @Override
    public void initialize() {
        // Nothing to set up: the datasource exists before Quartz starts.
    }
}
