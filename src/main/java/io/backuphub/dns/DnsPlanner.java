package io.backuphub.dns;

import io.backuphub.common.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure part of the TXT record manager: one zone's desired records against its records in
 * Cloudflare. A record the hub neither created (its comment) nor owns (its name in {@code owns}) is
 * never changed: if it already has a wanted text it counts as that record; otherwise it is left alone.
 */
public final class DnsPlanner {

    private DnsPlanner() {
    }

    /** A desired record, its name made full. */
    record Wanted(String name, String text, int ttl) {
    }

    public static DnsPlan.ZonePlan plan(Zone zone, DnsConfig.ZoneRecords desired, List<TxtRecord> existing) {
        Problems ignored = new Problems(); // the file was validated when it was loaded
        Set<String> owned = new LinkedHashSet<>();
        (desired.owns() == null ? List.<String>of() : desired.owns())
                .forEach(n -> owned.add(DnsNames.full(n, zone.name(), ignored, "owns")));
        Map<String, List<Wanted>> wanted = new LinkedHashMap<>();
        for (DnsConfig.Record r : desired.records() == null ? List.<DnsConfig.Record>of() : desired.records()) {
            String name = DnsNames.full(r.name(), zone.name(), ignored, "name");
            wanted.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(new Wanted(name, TxtContent.text(r.text()), DnsNames.ttl(r.ttl(), ignored, "ttl")));
        }
        Map<String, List<TxtRecord>> present = new LinkedHashMap<>();
        existing.forEach(r -> present.computeIfAbsent(r.name().toLowerCase(java.util.Locale.ROOT),
                n -> new ArrayList<>()).add(r));

        List<DnsPlan.Change> changes = new ArrayList<>();
        int unchanged = 0;
        Set<String> matched = new java.util.HashSet<>();
        Set<String> names = new LinkedHashSet<>(wanted.keySet());
        names.addAll(present.keySet());
        for (String name : names) {
            List<Wanted> want = new ArrayList<>(wanted.getOrDefault(name, List.of()));
            List<TxtRecord> have = new ArrayList<>(present.getOrDefault(name, List.of()));
            boolean ownedName = owned.contains(name);
            // Records that already hold a wanted text.
            for (Wanted w : List.copyOf(want)) {
                TxtRecord same = have.stream().filter(h -> h.text().equals(w.text())).findFirst().orElse(null);
                if (same == null) {
                    continue;
                }
                want.remove(w);
                have.remove(same);
                matched.add(same.id());
                if (same.ttl() != w.ttl() && (same.managed() || ownedName)) {
                    changes.add(new DnsPlan.Change("update", name, w.text(), w.ttl(), same.id(), same.text(),
                            "TTL " + same.ttl() + " -> " + w.ttl()));
                } else {
                    unchanged++;
                }
            }
            List<TxtRecord> changeable = have.stream().filter(h -> h.managed() || ownedName).toList();
            int i = 0;
            for (Wanted w : want) {
                if (i < changeable.size()) {
                    TxtRecord old = changeable.get(i++);
                    changes.add(new DnsPlan.Change("update", name, w.text(), w.ttl(), old.id(), old.text(),
                            "text changed in dns.yaml"));
                } else {
                    changes.add(new DnsPlan.Change("create", name, w.text(), w.ttl(), null, null,
                            "in dns.yaml, not in the zone"));
                }
            }
            for (TxtRecord old : changeable.subList(i, changeable.size())) {
                changes.add(new DnsPlan.Change("delete", name, null, null, old.id(), old.text(),
                        old.managed() ? "created by the hub, no longer in dns.yaml"
                                : "name owned by the hub (owns:), not in dns.yaml"));
            }
        }
        Set<String> touched = new java.util.HashSet<>(matched);
        changes.stream().map(DnsPlan.Change::recordId).filter(java.util.Objects::nonNull).forEach(touched::add);
        int leftAlone = existing.size() - touched.size();
        return new DnsPlan.ZonePlan(zone.id(), zone.name(), changes, unchanged, leftAlone);
    }
}
