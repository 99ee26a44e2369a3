package io.backuphub.pitr;

import io.backuphub.common.Secrets;
import io.backuphub.target.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * How the hub logs in to a PostgreSQL server to stream its WAL: pitr.user with its own password, or the
 * target's database user; and what the server says about the slot that keeps WAL for the hub.
 */
record ServerLogin(String user, Optional<String> password) {

    /** The slot as the server sees it: whether it exists, whether WAL it needs was removed, how much it holds. */
    record SlotState(boolean exists, String walStatus, long retainedBytes, String maxSlotWalKeepSize) {

        /** The server bounds what a slot may keep (max_slot_wal_keep_size is not -1). */
        boolean bounded() {
            return !"-1".equals(maxSlotWalKeepSize);
        }

        /** WAL the slot needed is gone: the chain has a gap from here on. */
        boolean lost() {
            return "lost".equals(walStatus);
        }
    }

    static ServerLogin of(Target target) throws IOException {
        Target.PitrSpec pitr = target.pitr();
        if (pitr.user() != null) {
            return new ServerLogin(pitr.user(), Secrets.resolve(pitr.passwordEnv(), pitr.passwordFile(),
                    "pitr password"));
        }
        Target.DatabaseSpec db = target.database();
        return new ServerLogin(db.user(), Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password"));
    }

    /** Reads the slot's state over an ordinary connection to the server's postgres database. */
    SlotState slot(InetSocketAddress server, String slot) throws IOException {
        Properties login = new Properties();
        login.setProperty("user", user);
        password.ifPresent(p -> login.setProperty("password", p));
        login.setProperty("connectTimeout", "10");
        login.setProperty("ApplicationName", "backup-hub");
        String url = "jdbc:postgresql://" + server.getHostString() + ":" + server.getPort() + "/postgres";
        try (java.sql.Connection c = DriverManager.getConnection(url, login); Statement s = c.createStatement()) {
            String keep;
            try (ResultSet rs = s.executeQuery("SHOW max_slot_wal_keep_size")) {
                rs.next();
                keep = rs.getString(1);
            }
            try (java.sql.PreparedStatement q = c.prepareStatement("SELECT wal_status,"
                    + " pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots"
                    + " WHERE slot_name = ?")) {
                q.setString(1, slot);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? new SlotState(true, rs.getString(1), rs.getLong(2), keep)
                            : new SlotState(false, null, 0, keep);
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the replication slot " + slot + " as " + user + ": " + e.getMessage(),
                    e);
        }
    }
}
