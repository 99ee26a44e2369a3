package io.backuphub.retention;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many backups to keep: the newest {@code keepLast}, plus one per day / ISO week / month / year
 * for the newest {@code daily} / {@code weekly} / {@code monthly} / {@code yearly} such periods
 * (grandfather-father-son), nothing older than {@code maxAgeDays}, and never fewer than
 * {@code keepMinimum} verified backups. A count not given is 0; no maxAgeDays means no age limit.
 * {@code stores}: a tier per store id, the same rules for the copies in that store (7 daily on local,
 * 12 monthly in an archive bucket); other stores follow this policy. {@code allowEarlyDeletion}: delete
 * copies before their storage class's minimum storage duration (billed as if kept that long) instead
 * of deferring them.
 */
public record RetentionPolicy(int keepLast, int daily, int weekly, int monthly, int yearly, Integer maxAgeDays,
        int keepMinimum, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, RetentionPolicy> stores,
        boolean allowEarlyDeletion) {

    public RetentionPolicy {
        stores = stores == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(stores));
    }

    /** One tier, for every store alike. */
    public RetentionPolicy(int keepLast, int daily, int weekly, int monthly, int yearly, Integer maxAgeDays,
            int keepMinimum) {
        this(keepLast, daily, weekly, monthly, yearly, maxAgeDays, keepMinimum, Map.of(), false);
    }

    /** From JSON (the API, the catalog): a count given as null, or not at all, is 0. */
    @JsonCreator
    static RetentionPolicy of(@JsonProperty("keepLast") Integer keepLast, @JsonProperty("daily") Integer daily,
            @JsonProperty("weekly") Integer weekly, @JsonProperty("monthly") Integer monthly,
            @JsonProperty("yearly") Integer yearly, @JsonProperty("maxAgeDays") Integer maxAgeDays,
            @JsonProperty("keepMinimum") Integer keepMinimum,
            @JsonProperty("stores") Map<String, RetentionPolicy> stores,
            @JsonProperty("allowEarlyDeletion") Boolean allowEarlyDeletion) {
        return new RetentionPolicy(count(keepLast), count(daily), count(weekly), count(monthly), count(yearly),
                maxAgeDays, count(keepMinimum), stores, Boolean.TRUE.equals(allowEarlyDeletion));
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    /** The policy in words, for the audit log and the dashboard: "keep the last 3, 7 daily, 4 weekly". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (keepLast > 0) {
            parts.add("the last " + keepLast);
        }
        for (var count : List.of(Map.entry("daily", daily), Map.entry("weekly", weekly), Map.entry("monthly", monthly),
                Map.entry("yearly", yearly))) {
            if (count.getValue() > 0) {
                parts.add(count.getValue() + " " + count.getKey());
            }
        }
        String text = parts.isEmpty() ? "keep every backup" : "keep " + String.join(", ", parts);
        if (maxAgeDays != null) {
            text += "; nothing older than " + maxAgeDays + " days";
        }
        if (keepMinimum > 0) {
            text += "; never fewer than " + keepMinimum + " verified";
        }
        StringBuilder tiers = new StringBuilder();
        stores.forEach((store, tier) -> tiers.append("; in store ").append(store).append(": ").append(tier.describe()));
        return text + tiers + (allowEarlyDeletion ? "; early deletion allowed" : "");
    }

    /** The rules for the copies in {@code store}: its tier, else this policy's own. */
    public RetentionPolicy forStore(String store) {
        RetentionPolicy tier = stores.get(store);
        return tier == null ? this : tier;
    }

    /** {@code knownStores}: the ids a tier may name. */
    public void validate(Problems problems, Set<String> knownStores) {
        validateCounts(problems);
        stores.forEach((store, tier) -> {
            Problems at = problems.at("stores." + store);
            if (!knownStores.contains(store)) {
                problems.add("stores", "unknown store " + SafeValues.show(store) + " (declared: "
                        + new java.util.TreeSet<>(knownStores) + ")");
            }
            if (tier == null) {
                at.add("is empty: give the tier its counts");
                return;
            }
            tier.validateCounts(at);
            if (!tier.stores().isEmpty() || tier.allowEarlyDeletion()) {
                at.add("a store's tier has only counts (stores and allowEarlyDeletion belong to the policy)");
            }
        });
    }

    private void validateCounts(Problems problems) {
        range(keepLast, "keepLast", problems);
        range(daily, "daily", problems);
        range(weekly, "weekly", problems);
        range(monthly, "monthly", problems);
        range(yearly, "yearly", problems);
        range(keepMinimum, "keepMinimum", problems);
        if (maxAgeDays != null && (maxAgeDays < 1 || maxAgeDays > 36500)) {
            problems.add("maxAgeDays", "must be within 1..36500, or null for no age limit");
        }
    }

    private static void range(int value, String field, Problems problems) {
        if (value < 0 || value > 10000) {
            problems.add(field, "must be within 0..10000");
        }
    }
}
