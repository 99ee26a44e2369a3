package io.backuphub.engine.mongodb;

import io.backuphub.common.FailureRules;

/** What mongodump's, mongorestore's and the Java driver's common errors mean. */
public final class MongoFailures {

    public static final FailureRules RULES = FailureRules.of()
            .when("AuthenticationFailed|Authentication failed|auth error",
                    "MongoDB refused the user's credentials.",
                    "Correct the password in the environment variable or file the target names, the user, or"
                            + " its authentication database.",
                    "targets.yaml: {target}.database.user / passwordEnv / passwordFile",
                    "docs/mongodb.md")
            .when("not authorized on (\\S+) to execute command",
                    "The user may not read the database $1.",
                    "Grant it the backup role (or read on that database).", "targets.yaml: {target}.database.user",
                    "docs/mongodb.md")
            .when("server selection error|connection refused|no reachable servers|Timed out .*connect",
                    "Nothing answered at the MongoDB address the target names: the server is down, listens"
                            + " elsewhere, or a firewall is in the way.",
                    "Check that mongod runs and the host and port the target names (as seen from the host that"
                            + " runs mongodump).",
                    "targets.yaml: {target}.database.host / port", FailureRules.TARGETS_DOC);

    private MongoFailures() {
    }
}
