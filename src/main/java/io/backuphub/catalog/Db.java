package io.backuphub.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.agroal.api.AgroalDataSource;
import io.backuphub.common.Json;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Thin JDBC over the catalog datasource (H2 or PostgreSQL, see {@link CatalogSelection}). SQL stays
 * visible in the repositories; this class only binds parameters, maps rows and runs transactions.
 */
@ApplicationScoped
public class Db {

    @FunctionalInterface
    public interface RowMapper<T> {

        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<T> {

        T run(Connection connection) throws SQLException;
    }

    /** Set by {@link #update(Connection, String, Object...)}: the current transaction wrote something. */
    private static final ThreadLocal<Boolean> WROTE = ThreadLocal.withInitial(() -> false);

    private final javax.sql.DataSource dataSource;
    /** H2 commits reach the file at once (WRITE_DELAY=0 in the URL); this also makes them reach the disk. */
    private final boolean syncCommits;
    private final boolean postgresql;

    public Db(CatalogProperties config) {
        this.postgresql = CatalogSelection.usesPostgresql(config.catalog().url().orElse(null));
        this.dataSource = postgresql
                ? Arc.container().select(AgroalDataSource.class, new DataSourceLiteral("postgresql")).get()
                : Arc.container().select(AgroalDataSource.class).get();
        this.syncCommits = !postgresql && config.catalog().syncCommits();
    }

    /** For libraries that manage their own JDBC work on the catalog (Quartz's job store). */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public String kind() {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new CatalogException("catalog unreachable: " + e.getMessage(), e);
        }
    }

    /**
     * A text (an error, a reason, a note) cut to fit its column of {@code width} characters, marked as
     * cut: the one way the catalog shortens what people read.
     */
    public static String fit(String text, int width) {
        return text == null || text.length() <= width ? text : text.substring(0, width - 6) + " [...]";
    }

    /** "?,?,?": the placeholders of an IN list of {@code count} values (at least one, so the SQL stays valid). */
    public static String marks(int count) {
        return String.join(",", java.util.Collections.nCopies(Math.max(1, count), "?"));
    }

    /**
     * One indexed lookup per key ({@code sql} takes the key as its only parameter and returns at most
     * one row that matters): for "the newest X of each target", which a GROUP BY answers by reading the
     * whole table and this by reading one index entry per key. On PostgreSQL all keys go in one round
     * trip (the lookup as a LATERAL subquery over the array of keys); on the embedded H2, where a round
     * trip is a method call, one query per key on one connection.
     */
    public <T> java.util.Map<String, T> eachKey(java.util.Collection<String> keys, String sql, RowMapper<T> mapper) {
        java.util.Map<String, T> found = new java.util.LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        if (postgresql) {
            String lateral = "SELECT k.lookup_key AS lookup_key, l.* FROM unnest(?) AS k(lookup_key)"
                    + " CROSS JOIN LATERAL (" + sql.replace("?", "k.lookup_key") + ") l";
            return transaction(c -> {
                java.sql.Array array = c.createArrayOf("varchar", keys.toArray());
                for (java.util.Map.Entry<String, T> row : query(c, lateral,
                        rs -> java.util.Map.entry(rs.getString("lookup_key"), mapper.map(rs)), array)) {
                    found.putIfAbsent(row.getKey(), row.getValue());
                }
                return found;
            });
        }
        return transaction(c -> {
            for (String key : keys) {
                List<T> rows = query(c, sql, mapper, key);
                if (!rows.isEmpty()) {
                    found.put(key, rows.get(0));
                }
            }
            return found;
        });
    }

    /** Keeps the first row per key of rows already ordered as wanted. */
    public static <T> java.util.Map<String, T> firstBy(List<T> rows, java.util.function.Function<T, String> key) {
        java.util.Map<String, T> first = new java.util.LinkedHashMap<>();
        rows.forEach(row -> first.putIfAbsent(key.apply(row), row));
        return first;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return transaction(c -> query(c, sql, mapper, params));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public int update(String sql, Object... params) {
        return transaction(c -> update(c, sql, params));
    }

    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        WROTE.set(true);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /**
     * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. When this
     * returns after a write, the write is durable: callers answer 202 on the strength of it.
     */
    public <T> T transaction(Work<T> work) {
        boolean outer = WROTE.get();
        WROTE.set(false);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                if (syncCommits && WROTE.get()) {
                    try (Statement sync = c.createStatement()) {
                        sync.execute("CHECKPOINT SYNC"); // H2: flush and fsync the store
                    }
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog error: " + e.getMessage(), e);
        } finally {
            WROTE.set(outer || WROTE.get());
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof Instant instant) {
                ps.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
            } else if (p instanceof Enum<?> e) {
                ps.setString(i + 1, e.name().toLowerCase(java.util.Locale.ROOT));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** The type of a JSON object column (job and schedule options). */
    public static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** A value for a JSON column (null stays null). */
    public static String json(Object value) {
        try {
            return value == null ? null : Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new CatalogException(
                    "cannot store " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** A JSON column's value (null stays null). */
    public static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return json == null ? null : Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new CatalogException("unreadable JSON in the catalog: " + e.getOriginalMessage(), e);
        }
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
