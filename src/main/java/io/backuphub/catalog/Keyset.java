package io.backuphub.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * A query paged by key (keyset pagination): optional filters, then up to {@code limit + 1} rows after
 * the last key of the previous page, so the caller can tell whether another page follows. Stable
 * under inserts, and as fast on page 1000 as on page 1.
 */
public final class Keyset {

    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    private Keyset(String select) {
        this.sql = new StringBuilder(select).append(select.contains(" WHERE ") ? "" : " WHERE 1=1");
    }

    /** {@code select} is "SELECT ... FROM table", optionally with a WHERE clause of its own. */
    public static Keyset of(String select) {
        return new Keyset(select);
    }

    /** Adds {@code condition} (with one {@code ?}) when {@code value} is given; a null value filters nothing. */
    public Keyset and(String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.add(value);
        }
        return this;
    }

    /**
     * Keeps the rows whose {@code column} is one of {@code values}; null filters nothing, an empty
     * collection keeps no row.
     */
    public Keyset andIn(String column, java.util.Collection<String> values) {
        if (values != null) {
            sql.append(values.isEmpty() ? " AND 1=0" : " AND " + column + " IN (" + Db.marks(values.size()) + ")");
            params.addAll(values);
        }
        return this;
    }

    /**
     * The rows after ({@code afterValue}, {@code afterId}) in {@code expression} order, ties broken by
     * {@code id} in the same direction; at most limit + 1.
     */
    public <T> List<T> pageBy(Db db, String expression, boolean descending, Object afterValue, String afterId,
            int limit, Db.RowMapper<T> mapper) {
        String op = descending ? " < ?" : " > ?";
        if (afterId != null) {
            sql.append(" AND (").append(expression).append(op).append(" OR (").append(expression)
                    .append(" = ? AND id").append(op).append("))");
            params.add(afterValue);
            params.add(afterValue);
            params.add(afterId);
        }
        String direction = descending ? " DESC" : "";
        sql.append(" ORDER BY ").append(expression).append(direction).append(", id").append(direction)
                .append(" LIMIT ").append(limit + 1);
        return db.query(sql.toString(), mapper, params.toArray());
    }

    /** The rows after {@code after} in {@code key} order (newest first: descending), at most limit + 1. */
    public <T> List<T> page(Db db, String key, boolean descending, Object after, int limit, Db.RowMapper<T> mapper) {
        and(key + (descending ? " < ?" : " > ?"), after);
        sql.append(" ORDER BY ").append(key).append(descending ? " DESC" : "").append(" LIMIT ").append(limit + 1);
        return db.query(sql.toString(), mapper, params.toArray());
    }
}
