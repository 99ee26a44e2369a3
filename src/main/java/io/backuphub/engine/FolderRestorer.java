package io.backuphub.engine;

import io.backuphub.target.Target;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A restorer whose "database" is a folder on the destination's host rather than a database on a
 * server (QuestDB's data root, Redis's RDB): {@code <dir>/<name>}, made, moved and deleted with
 * {@link HostScript}s. The engine says where the folders go and what goes into them.
 */
public abstract class FolderRestorer implements Restorer {

    /** Names of restored folders: one path segment, no dots, no shell syntax. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");

    /** What is at a folder's path. */
    public enum State {
        ABSENT, EMPTY, FULL
    }

    /** The folders' parent on {@code destination} (its engine section's restore directory); throws when it has none. */
    protected abstract String restoreDir(Target destination) throws IOException;

    /** {@code restoreDir/name}, refusing a name that is not one plain segment. */
    protected final String folder(Target destination, String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IOException("a restored folder's name must match " + NAME.pattern());
        }
        return restoreDir(destination) + "/" + name;
    }

    @Override
    public Pattern databaseName() {
        return NAME;
    }

    protected final State state(Target destination, String name, Connector connector) throws IOException {
        String state = HostScript.run(connector, "if [ ! -e \"$1\" ]; then echo ABSENT;"
                + " elif [ -z \"$(ls -A -- \"$1\")\" ]; then echo EMPTY; else echo FULL; fi",
                folder(destination, name)).strip();
        return State.valueOf(state);
    }

    /** Makes the folder (and its parent); fails if it exists. */
    @Override
    public void createDatabase(Target destination, String name, Connector connector) throws IOException {
        HostScript.run(connector, "mkdir -p -- \"$(dirname -- \"$1\")\" && mkdir -- \"$1\"",
                folder(destination, name));
    }

    @Override
    public void dropDatabase(Target destination, String name, Connector connector) throws IOException {
        HostScript.run(connector, "rm -rf -- \"$1\"", folder(destination, name));
    }

    @Override
    public void renameDatabase(Target destination, String from, String to, Connector connector) throws IOException {
        HostScript.run(connector, "mv -T -- \"$1\" \"$2\"", folder(destination, from), folder(destination, to));
    }
}
