package io.backuphub.api;

import io.backuphub.common.HubException;
import java.util.List;
import java.util.function.Function;

/** A page of a list, with the cursor of the next page (null on the last one). */
public record Page<T>(List<T> items, String nextCursor) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** A whole list, in one page. */
    static <T> Page<T> all(List<T> items) {
        return new Page<>(items, null);
    }

    /**
     * The page from a query that returned up to {@code limit + 1} rows: the extra row only tells that
     * another page exists, whose cursor is the key of the last row shown.
     */
    static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> view, Function<R, String> key) {
        List<R> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
        String next = rows.size() > limit ? Cursor.encode(key.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }

    /** The page size asked for: 1..500, 50 when not given. */
    static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HubException.invalid("limit must be an integer within 1.." + MAX_LIMIT);
        }
        return limit;
    }
}
