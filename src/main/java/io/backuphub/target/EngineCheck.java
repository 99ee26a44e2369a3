package io.backuphub.target;

import io.backuphub.common.Problems;
import java.util.List;
import java.util.Set;

/**
 * What targets.yaml needs of an engine: its name (the {@code engine:} value) and its own checks of a
 * target. Engines implement it; the targets file knows no engine by name.
 */
public interface EngineCheck {

    /** The {@code engine:} value in targets.yaml. */
    String name();

    /** Other {@code engine:} values that mean this engine ({@code mariadb} for {@code mysql}). */
    default List<String> aliases() {
        return List.of();
    }

    /** Checks the engine-specific parts of a target; adds problems with their paths. */
    void validate(Target target, Problems problems);

    /** Whether the engine's tools run where a transport (ssh or local) reaches; Qdrant is spoken to over HTTP. */
    default boolean usesTransport() {
        return true;
    }

    /** Whether targets of this engine may have a section named after it ({@code qdrant: {...}}). */
    default boolean hasSection() {
        return false;
    }

    /** Whether a target of this engine has a {@code database:} block. */
    default boolean usesDatabase() {
        return true;
    }

    /**
     * The {@code database:} fields this engine reads beyond host, port, user and password: {@code name}
     * (PostgreSQL, MySQL, MongoDB) and {@code authDatabase} (MongoDB). Any other is an error.
     */
    default Set<String> databaseFields() {
        return Set.of("name");
    }
}
