package io.backuphub.engine;

import io.backuphub.common.SafeValues;
import io.backuphub.target.Target;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an engine does to restore: look at the destination, make and drop databases there, stream a
 * decoded artifact into the engine's restore tool on the destination's host, and fingerprint what
 * landed so it can be compared with what was backed up. Every call runs over {@code connector}, the
 * destination's transport, owned by the running job (a cancel stops it).
 */
public interface Restorer {

    /** The database names a restore may create here (validated before anything runs). */
    default Pattern databaseName() {
        return SafeValues.SQL_NAME;
    }

    /** Why this engine cannot replace a database in place (no rename), or empty when it can. */
    default Optional<String> replaceRefusal() {
        return Optional.empty();
    }

    /** The destination server and whether {@code database} exists on it (and is empty). */
    DestinationFacts inspect(Target destination, String database, Connector connector) throws IOException;

    /**
     * Why an artifact whose manifest describes its source as {@code dumpFacts} cannot restore into the
     * destination (for example an older server), or empty when it can.
     */
    Optional<String> incompatibility(Map<String, Object> dumpFacts, DestinationFacts destination);

    void createDatabase(Target destination, String database, Connector connector) throws IOException;

    /** Drops the database if it exists, closing other sessions on it first. */
    void dropDatabase(Target destination, String database, Connector connector) throws IOException;

    void renameDatabase(Target destination, String from, String to, Connector connector) throws IOException;

    /** Streams the decoded artifact into {@code request.database()}, which exists and is empty. */
    void restore(RestoreRequest request) throws IOException;

    /** The fingerprint of a database, computed the way {@link Verification#fingerprint()} is from a dump. */
    Fingerprint fingerprint(Target destination, String database, Connector connector) throws IOException;

    /** The leading number of a server version: "16.4 (Debian 16.4-1)" is 16, "10.11.19-MariaDB" is 10. */
    static int majorVersion(String version) {
        String v = version == null ? "" : version.strip();
        int end = 0;
        while (end < v.length() && end < 9 && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }

    /** Whether the dump's server ({@code serverVersion} in its facts) has a newer major version than the destination. */
    static boolean dumpIsNewer(Map<String, Object> dumpFacts, DestinationFacts destination) {
        Object version = dumpFacts.get("serverVersion");
        return version != null && majorVersion(version.toString()) > destination.serverMajor();
    }

    /** A destination server as the restore plan shows it. */
    record DestinationFacts(String serverVersion, int serverMajor, boolean exists, boolean empty) {
    }
}
