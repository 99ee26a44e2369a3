package io.backuphub.dns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * dns.yaml: per zone, the TXT records the hub keeps there, and the names whose TXT records the hub owns
 * outright (records there that the file does not list are deleted, whoever made them). Elsewhere the
 * hub changes and deletes only the records it created.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DnsConfig(List<ZoneRecords> zones) {

    public static DnsConfig empty() {
        return new DnsConfig(List.of());
    }

    /** One zone by name ({@code example.com}), its desired records and owned names (relative or full). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ZoneRecords(String zone, List<String> owns, List<Record> records) {
    }

    /** A desired TXT record: name (relative, full, or "@"), text, TTL (1 = automatic, the default). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Record(String name, String text, Integer ttl) {
    }
}
