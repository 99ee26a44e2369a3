package io.backuphub.engine;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * For engines whose restore is a folder on the destination's host rather than a database on a
 * server (QuestDB's data root, Redis's RDB): the folder {@code <dir>/<name>} is the restore's
 * "database", made, inspected, moved and deleted with {@link HostScript}s.
 */
public final class RestoreFolder {

    /** Names of restored folders: one path segment, no dots, no shell syntax. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");

    /** What is at the folder's path. */
    public enum State {
        ABSENT, EMPTY, FULL
    }

    private RestoreFolder() {
    }

    /** {@code dir/name}, refusing a name that is not one plain segment. */
    public static String path(String dir, String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IOException("a restored folder's name must match " + NAME.pattern());
        }
        return dir + "/" + name;
    }

    public static State state(Connector connector, String path) throws IOException {
        String state = HostScript.run(connector, "if [ ! -e \"$1\" ]; then echo ABSENT;"
                + " elif [ -z \"$(ls -A -- \"$1\")\" ]; then echo EMPTY; else echo FULL; fi", path).strip();
        return State.valueOf(state);
    }

    /** Makes the folder (and its parent); fails if it exists. */
    public static void create(Connector connector, String path) throws IOException {
        HostScript.run(connector, "mkdir -p -- \"$(dirname -- \"$1\")\" && mkdir -- \"$1\"", path);
    }

    public static void delete(Connector connector, String path) throws IOException {
        HostScript.run(connector, "rm -rf -- \"$1\"", path);
    }

    public static void move(Connector connector, String from, String to) throws IOException {
        HostScript.run(connector, "mv -T -- \"$1\" \"$2\"", from, to);
    }
}
