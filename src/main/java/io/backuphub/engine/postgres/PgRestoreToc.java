package io.backuphub.engine.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of contents printed by {@code pg_restore --list}: its entries (the header's "TOC Entries"
 * also counts entries pg_restore does not list, such as ENCODING) and the versions that made the dump.
 */
public record PgRestoreToc(int declaredEntries, List<Entry> entries, String dumpedFrom, String dumpedBy) {

    /** One TOC line: "3336; 0 16385 TABLE DATA public items postgres". */
    public record Entry(int dumpId, String description, String schema, String name) {
    }

    private static final Pattern ENTRY = Pattern.compile("^(\\d+); \\d+ \\d+ (.+)$");
    private static final Pattern DECLARED = Pattern.compile("^;\\s+TOC Entries: (\\d+)");
    private static final Pattern FROM = Pattern.compile("^;\\s+Dumped from database version: (.+)$");
    private static final Pattern BY = Pattern.compile("^;\\s+Dumped by pg_dump version: (.+)$");
    /** Multi-word descriptions, longest first so "TABLE DATA" is not read as "TABLE". */
    private static final List<String> DESCRIPTIONS = List.of(
            "TABLE DATA", "TABLE ATTACH", "SEQUENCE SET", "SEQUENCE OWNED BY", "FK CONSTRAINT", "DEFAULT ACL",
            "DATABASE PROPERTIES",
            "MATERIALIZED VIEW DATA", "MATERIALIZED VIEW", "BLOB METADATA", "BLOBS", "LARGE OBJECT", "COMMENT",
            "CONSTRAINT", "DEFAULT", "EXTENSION", "FUNCTION", "INDEX", "SCHEMA", "SEQUENCE", "TABLE", "TRIGGER",
            "TYPE", "VIEW", "ACL", "ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE");

    public static PgRestoreToc parse(String listing) {
        int declared = -1;
        String from = null;
        String by = null;
        List<Entry> entries = new ArrayList<>();
        for (String line : listing.split("\\R")) {
            Matcher m;
            if ((m = DECLARED.matcher(line)).find()) {
                declared = Integer.parseInt(m.group(1));
            } else if ((m = FROM.matcher(line)).find()) {
                from = m.group(1).trim();
            } else if ((m = BY.matcher(line)).find()) {
                by = m.group(1).trim();
            } else if ((m = ENTRY.matcher(line)).find()) {
                entries.add(entry(Integer.parseInt(m.group(1)), m.group(2)));
            }
        }
        return new PgRestoreToc(declared, entries, from, by);
    }

    private static Entry entry(int dumpId, String rest) {
        for (String description : DESCRIPTIONS) {
            if (rest.startsWith(description + " ")) {
                String[] words = rest.substring(description.length() + 1).split(" ");
                String schema = words.length > 0 ? words[0] : "";
                String name = words.length > 1 ? words[1] : "";
                return new Entry(dumpId, description, schema, name);
            }
        }
        return new Entry(dumpId, rest.split(" ")[0], "", "");
    }

    /** "schema.table" of tables that have no TABLE DATA entry: a dump that lost data. */
    public Set<String> tablesWithoutData() {
        Set<String> tables = new LinkedHashSet<>();
        Set<String> withData = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.description().equals("TABLE")) {
                tables.add(e.schema() + "." + e.name());
            } else if (e.description().equals("TABLE DATA")) {
                withData.add(e.schema() + "." + e.name());
            }
        }
        tables.removeAll(withData);
        return tables;
    }

    public long count(String description) {
        return entries.stream().filter(e -> e.description().equals(description)).count();
    }

    public Map<String, Object> evidence() {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("tocEntries", entries.size());
        evidence.put("declaredTocEntries", declaredEntries);
        evidence.put("tables", count("TABLE"));
        evidence.put("tableData", count("TABLE DATA"));
        evidence.put("dumpedFrom", dumpedFrom);
        evidence.put("dumpedBy", dumpedBy);
        return evidence;
    }
}
