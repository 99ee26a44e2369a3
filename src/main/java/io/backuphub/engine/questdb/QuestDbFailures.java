package io.backuphub.engine.questdb;

import io.backuphub.common.FailureRules;

/** What QuestDB's common errors mean. */
public final class QuestDbFailures {

    public static final FailureRules RULES = FailureRules.of()
            .when("cannot connect to QuestDB at (\\S+): .*(password|authentication)",
                    "QuestDB refused the hub's user or password at $1.",
                    "Correct the user and the password in the environment variable or file the target names.",
                    "targets.yaml: {target}.database.user / passwordEnv", "docs/questdb.md")
            .when("cannot connect to QuestDB at (\\S+)",
                    "Nothing accepted the PostgreSQL-wire connection to QuestDB at $1.",
                    "Check that QuestDB runs with its PG wire port (pg.net.bind.to) and the host and port the"
                            + " target names.",
                    "targets.yaml: {target}.database.host / port", "docs/questdb.md")
            .when("QuestDB (\\S+) is too old",
                    "QuestDB $1 has no CHECKPOINT, which backups need.",
                    "Upgrade QuestDB (docs/questdb.md names the first version that works).",
                    "the QuestDB server", "docs/questdb.md")
            .when("has no questdb.root",
                    "The target does not say where QuestDB keeps its data, so nothing can be copied.",
                    "Set questdb.root to the server's root folder (the one holding db/ and conf/).",
                    "targets.yaml: {target}.questdb.root", "docs/questdb.md");

    private QuestDbFailures() {
    }
}
