package io.backuphub.dns;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.Problems;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and validates dns.yaml, reporting every problem with its path. */
public final class DnsFile {

    static final String PROBLEM = "invalid-dns-file";
    private static final java.util.regex.Pattern ZONE = java.util.regex.Pattern.compile(
            "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private DnsFile() {
    }

    public static DnsConfig load(Path file) {
        DnsConfig config = ConfigFiles.read(file, DnsConfig.class, PROBLEM).orElse(DnsConfig.empty());
        List<DnsConfig.ZoneRecords> zones = config.zones() == null ? List.of() : config.zones();
        Problems problems = new Problems();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < zones.size(); i++) {
            DnsConfig.ZoneRecords zone = zones.get(i);
            Problems at = problems.at("zones[" + i + "]");
            if (zone == null || zone.zone() == null || !ZONE.matcher(zone.zone()).matches()) {
                at.add("zone", "must be a zone name such as example.com");
                continue;
            }
            if (!seen.add(zone.zone())) {
                at.add("zone", "zone " + zone.zone() + " is listed twice");
            }
            List<String> owns = zone.owns() == null ? List.of() : zone.owns();
            for (int j = 0; j < owns.size(); j++) {
                DnsNames.full(owns.get(j), zone.zone(), at, "owns[" + j + "]");
            }
            List<DnsConfig.Record> records = zone.records() == null ? List.of() : zone.records();
            for (int j = 0; j < records.size(); j++) {
                DnsConfig.Record r = records.get(j);
                Problems rat = at.at("records[" + j + "]");
                if (r == null) {
                    rat.add("must be a record");
                    continue;
                }
                DnsNames.full(r.name(), zone.zone(), rat, "name");
                String problem = TxtContent.problem(r.text());
                if (problem != null) {
                    rat.add("text", problem);
                }
                DnsNames.ttl(r.ttl(), rat, "ttl");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(PROBLEM, file.toString(), problems.messages());
        }
        return new DnsConfig(zones);
    }
}
