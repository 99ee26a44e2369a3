package io.backuphub.engine.qdrant;

import io.backuphub.common.FailureRules;

/** What Qdrant's HTTP answers mean. */
public final class QdrantFailures {

    public static final FailureRules RULES = FailureRules.of()
            .when("Qdrant answered (401|403)",
                    "Qdrant refused the hub's API key ($1).",
                    "Correct the API key in the environment variable or file the target names.",
                    "targets.yaml: {target}.qdrant.apiKeyEnv / apiKeyFile", "docs/qdrant.md")
            .when("Qdrant answered 404 to .*collection (\\S+)",
                    "The collection $1 does not exist on this Qdrant node.",
                    "Correct the collections the target names, or leave them out to back up every collection.",
                    "targets.yaml: {target}.qdrant.collections", "docs/qdrant.md")
            .when("Qdrant at (\\S+) .*(refused|timed out|nothing listens|unreachable)",
                    "Nothing answered at the Qdrant address $1.",
                    "Check that Qdrant runs and the URL the target names.", "targets.yaml: {target}.qdrant.url",
                    "docs/qdrant.md");

    private QdrantFailures() {
    }
}
