package io.backuphub.target;

import io.backuphub.common.Problems;

/**
 * What targets.yaml needs of an engine: its name (the {@code engine:} value) and its own checks of a
 * target. Engines implement it; the targets file knows no engine by name.
 */
public interface EngineCheck {

    /** The {@code engine:} value in targets.yaml. */
    String name();

    /** Checks the engine-specific parts of a target; adds problems with their paths. */
    void validate(Target target, Problems problems);
}
