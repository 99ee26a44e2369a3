package io.backuphub.dns;

import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import java.util.Locale;
import java.util.regex.Pattern;

/** Record names and TTLs as Cloudflare takes them, checked before anything is sent. */
public final class DnsNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    public static final int MAX_NAME = 253;

    private DnsNames() {
    }

    /**
     * The record's full name in {@code zone}: "@" is the zone, a name ending in the zone is full, a
     * name ending in a dot is absolute and must be inside the zone, any other name is relative to it
     * (as in a zone file); a wildcard is allowed as the first label. Adds a problem and
     * returns null when the name is not a valid name inside the zone.
     */
    public static String full(String name, String zone, Problems problems, String field) {
        if (name == null || name.isBlank()) {
            problems.add(field, "is required (\"@\" for the zone itself)");
            return null;
        }
        String z = zone.toLowerCase(Locale.ROOT);
        boolean absolute = name.endsWith(".");
        String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        boolean inZone = n.equals(z) || n.endsWith("." + z);
        if (absolute && !inZone) {
            problems.add(field, SafeValues.show(name) + " is not a name inside zone " + zone);
            return null;
        }
        String full = n.equals("@") ? z : inZone ? n : n + "." + z;
        if (full.length() > MAX_NAME) {
            problems.add(field, "makes a name of " + full.length() + " characters; DNS allows " + MAX_NAME);
            return null;
        }
        String[] labels = full.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            if (!(LABEL.matcher(labels[i]).matches() || (i == 0 && labels[i].equals("*")))) {
                problems.add(field, SafeValues.show(name) + " is not a name inside zone " + zone + " (label "
                        + SafeValues.show(labels[i]) + ": letters, digits, '-' and '_', 1-63 characters)");
                return null;
            }
        }
        return full;
    }

    /** The TTL Cloudflare accepts: 1 (automatic, the default) or 60..86400 seconds. */
    public static int ttl(Integer ttl, Problems problems, String field) {
        if (ttl == null) {
            return 1;
        }
        if (ttl != 1 && (ttl < 60 || ttl > 86400)) {
            problems.add(field, "must be 1 (automatic) or 60..86400 seconds, not " + ttl);
        }
        return ttl;
    }
}
