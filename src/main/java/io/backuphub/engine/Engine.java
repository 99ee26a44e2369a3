package io.backuphub.engine;

import io.backuphub.common.FailureRules;
import io.backuphub.common.Problems;
import io.backuphub.target.EngineCheck;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The seam between the pipeline and a database engine. An engine knows how to produce a dump stream
 * and how to prove a stored dump restores; the pipeline (compress, encrypt, hash, store, record) never
 * changes per engine. docs/architecture.md shows how MongoDB, Qdrant and QuestDB plug in here.
 */
public interface Engine extends EngineCheck {

    /**
     * Checks per-backup options (from the API or a schedule): unknown keys and unsafe values are
     * problems. Returns the options as they will be applied. By default an engine takes none.
     */
    default Map<String, Object> validateOptions(Map<String, Object> options, Problems problems) {
        options.keySet().forEach(key -> problems.add(key, "unknown option for " + name() + " (it takes none)"));
        return Map.of();
    }

    /** Extension of the raw dump, before compression: "pgdump", "archive", "tar"... */
    String dumpExtension();

    /** The extension for a dump made with these (validated) options; most engines have one kind of dump. */
    default String dumpExtension(Map<String, Object> options) {
        return dumpExtension();
    }

    /** Starts the dump. The caller reads {@link Dump#data()} to the end, then calls {@link Dump#finish()}. */
    Dump startDump(DumpRequest request) throws IOException;

    /**
     * Tool and server versions and other facts for the manifest, read from the dump's first bytes. A
     * {@code databases} entry (a list of names) becomes the manifest's {@code databases}; without it
     * the manifest names the target's {@code database.name}.
     */
    Map<String, Object> describe(byte[] head) throws IOException;

    /**
     * The command that restores the decoded dump read from stdin, by hand, for the manifest's
     * {@code restoreHint} (NEW_DATABASE stands for the name to restore into); null when there is none.
     */
    default String restoreCommand() {
        return null;
    }

    /** {@link #restoreCommand()} for an artifact whose manifest {@code source} is given (its kind may matter). */
    default String restoreCommand(Map<String, Object> source) {
        return restoreCommand();
    }

    /** Proves a stored artifact restores, reading it back from the store. */
    Verification verify(VerifyRequest request) throws IOException;

    /**
     * What this engine's tools' common errors mean (database missing, sign-in refused, server not
     * reachable, tool too old...): tried before the transport's rules, since the database's error says more.
     */
    default FailureRules failures() {
        return FailureRules.NONE;
    }

    /** How this engine restores, if it can yet. */
    default Optional<Restorer> restorer() {
        return Optional.empty();
    }
}
