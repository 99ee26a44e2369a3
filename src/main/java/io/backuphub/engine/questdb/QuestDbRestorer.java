package io.backuphub.engine.questdb;

import io.backuphub.common.Problems;
import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.FolderRestorer;
import io.backuphub.engine.HostScript;
import io.backuphub.engine.RestoreRequest;
import io.backuphub.engine.ToolSession;
import io.backuphub.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a QuestDB backup as a new data root: the "database" of a restore is a folder under the
 * destination's {@code questdb.restoreDir}, unpacked from the tar with the {@code _restore} trigger
 * beside it, then proven by starting QuestDB on it ({@link ScratchServer}) and counting every table's
 * rows. Restoring over a live server's root is the stop / replace / start procedure of
 * docs/questdb.md: the hub does not stop database servers.
 */
final class QuestDbRestorer extends FolderRestorer {

    private static final Duration UNPACK = Duration.ofHours(24);

    @Override
    public Optional<String> replaceRefusal() {
        return Optional.of("QuestDB restores into a new data root (questdb.restoreDir); replacing a live server's"
                + " root means stopping it, which the hub does not do: follow docs/questdb.md");
    }

    @Override
    public DestinationFacts inspect(Target destination, String database, Connector connector) throws IOException {
        State state = state(destination, database, connector);
        return new DestinationFacts("QuestDB from " + settings(destination).serverJar(), 0,
                state != State.ABSENT, state != State.FULL);
    }

    /** The version check happens when the scratch QuestDB starts on the restored root, with its own reason. */
    @Override
    public Optional<String> incompatibility(Map<String, Object> dumpFacts, DestinationFacts destination) {
        return Optional.empty();
    }

    /** Unpacks the tar into the new root and leaves the {@code _restore} trigger for QuestDB's next start. */
    @Override
    public void restore(RestoreRequest request) throws IOException {
        String root = folder(request.destination(), request.database());
        try (InputStream tar = request.source().open()) {
            ToolSession.run(request.connector(),
                    HostScript.command("tar -x -f - -C \"$1\" && : > \"$1/_restore\"", root),
                    tar, request.progress(), UNPACK, ToolSession.DISCARD);
        }
    }

    /** Starts QuestDB on the restored root (consuming {@code _restore}), counts every table's rows, stops it. */
    @Override
    public Fingerprint fingerprint(Target destination, String database, Connector connector) throws IOException {
        try (ScratchServer server = ScratchServer.start(destination, settings(destination),
                folder(destination, database), connector)) {
            return server.fingerprint();
        }
    }

    static QuestDbSettings settings(Target destination) throws IOException {
        QuestDbSettings settings = QuestDbEngine.settings(destination, new Problems());
        if (!settings.restores()) {
            throw new IOException("target " + destination.id() + " is not a QuestDB restore destination: give it"
                    + " questdb.restoreDir and questdb.serverJar (docs/questdb.md)");
        }
        return settings;
    }

    @Override
    protected String restoreDir(Target destination) throws IOException {
        return settings(destination).restoreDir();
    }

}
