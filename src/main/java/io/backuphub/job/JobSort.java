package io.backuphub.job;

import io.backuphub.common.HubException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The orders a list of jobs comes in ({@code sort=created|target|status|kind|size}, a leading {@code -}
 * for descending; {@code -created}, newest first, when not given). Ties are broken by id in the same
 * direction, so a page boundary is one (value, id) pair and keyset paging stays exact.
 */
public enum JobSort {

    CREATED("id"), TARGET("target_id"), STATUS("status"), KIND("kind"), SIZE("COALESCE(bytes, -1)");

    /** The column (or expression) the catalog orders by. */
    final String column;

    JobSort(String column) {
        this.column = column;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A sort as the API takes it, with its direction. */
    public record Order(JobSort by, boolean descending) {

        public static final Order NEWEST_FIRST = new Order(CREATED, true);

        public static Order parse(String sort) {
            if (sort == null || sort.isEmpty()) {
                return NEWEST_FIRST;
            }
            boolean descending = sort.startsWith("-");
            String name = descending ? sort.substring(1) : sort;
            return Arrays.stream(values()).filter(s -> s.id().equals(name)).findFirst()
                    .map(by -> new Order(by, descending))
                    .orElseThrow(() -> HubException.invalid("sort must be one of created, target, status, kind, size,"
                            + " with a leading - for descending"));
        }

        public String id() {
            return (descending ? "-" : "") + by.id();
        }

        /** The sort key of a job: what a cursor after it holds besides its id. */
        public String keyOf(Job job) {
            return switch (by) {
                case CREATED -> "";
                case TARGET -> job.targetId();
                case STATUS -> job.status().id();
                case KIND -> job.kind().id();
                case SIZE -> String.valueOf(job.bytes() == null ? -1 : job.bytes());
            };
        }

        /** A key from {@link #keyOf} as the catalog compares it. */
        Object value(String key) {
            if (by != SIZE) {
                return key;
            }
            try {
                return Long.parseLong(key);
            } catch (NumberFormatException e) {
                throw HubException.invalid("cursor is not one this API returned for sort=" + id());
            }
        }
    }
}
