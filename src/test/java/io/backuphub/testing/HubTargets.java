package io.backuphub.testing;

import static io.backuphub.testing.HubApi.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * Targets a test class adds to the test hub (the way ops do: the targets file, then its reload), so
 * each class says what it needs and the hub starts with only what every test uses.
 */
public final class HubTargets {

    private static final Set<EngineTargets> DECLARED = EnumSet.noneOf(EngineTargets.class);

    private HubTargets() {
    }

    /** Appends the targets (once per test run) and reloads the targets file. */
    public static synchronized void declare(EngineTargets... targets) {
        boolean added = false;
        try {
            for (EngineTargets t : targets) {
                if (DECLARED.add(t)) {
                    Files.writeString(HubTestResource.targetsFile(),
                            t.yaml(HubTestResource.work(), HubTestResource.sshTransport()), StandardOpenOption.APPEND);
                    added = true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (added) {
            api().post("/api/v1/targets/reload").then().statusCode(200);
        }
    }
}
