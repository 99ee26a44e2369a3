package io.backuphub.transport;

import io.backuphub.common.FailureRules;

/**
 * What the failures of reaching a host and running a tool there mean: SSH trust and sign-in, a host
 * that does not answer, a tool that is missing, a job past its deadline. Engines try their own rules
 * first (a database's error names more than the connection's).
 */
public final class TransportFailures {

    public static final FailureRules RULES = FailureRules.of()
            .when("SSH host key of (\\S+) .*is not the one listed",
                    "The SSH server $1 showed a host key that known_hosts does not list: the server is new, was"
                            + " reinstalled, or someone is in between.",
                    "Check the server's key out of band (ssh-keyscan, the provider's console), then add the"
                            + " [host]:port line to the known_hosts file.",
                    "targets.yaml: {target}.transport.knownHostsFile", "docs/operations.md#troubleshooting")
            .when("SSH authentication as (\\S+) failed",
                    "The SSH server refused the hub's key or password for $1.",
                    "Add the hub's public key to that user's authorized_keys, or correct the key file or password"
                            + " the target names.",
                    "targets.yaml: {target}.transport.privateKeyFile / passwordEnv", FailureRules.TARGETS_DOC)
            .when("SSH connection to (\\S+) failed: .*(refused|unreachable|timed out|resolve|unknown host)",
                    "The hub could not reach the SSH server $1 (connection $2).",
                    "Check the host name and port, that sshd runs there, and that a firewall lets the hub in.",
                    "targets.yaml: {target}.transport.host / port", FailureRules.TARGETS_DOC)
            .when("(\\S+): environment variable (\\S+) is not set",
                    "The $1 is read from the environment variable $2, which the hub's process does not have.",
                    "Set $2 where the hub runs (the service's environment or secret), then restart it.",
                    "targets.yaml: {target}", FailureRules.TARGETS_DOC)
            .when("cannot start (\\S+) (on the hub's host|over SSH on \\S+)",
                    "The program $1 could not be started $2: it is not installed there or not on the PATH.",
                    "Install the client tools for this engine on that host (docs/operations.md lists them).",
                    "targets.yaml: {target}.transport", "docs/operations.md#run-it")
            .when("(\\S+): (command )?not found|exited with status 127",
                    "A program the backup needs is not installed on the host that runs it.",
                    "Install the client tools for this engine on that host (docs/operations.md lists them).",
                    "targets.yaml: {target}.transport", "docs/operations.md#run-it")
            .when("did not finish within (\\S+)",
                    "The job ran longer than its time limit ($1) and was stopped.",
                    "Raise the target's jobTimeout (or hub.jobs.timeout) if the database has grown, or look for"
                            + " what made it slow (locks, network, a busy server).",
                    "targets.yaml: {target}.jobTimeout", "docs/configuration.md#settings")
            .when("No space left on device",
                    "A disk filled up while the job ran.",
                    "Free space on that disk or give the store more room; retention removes old backups once"
                            + " a policy is set.",
                    "stores.yaml / hub.data.dir", "docs/configuration.md#stores-file")
            .when("Permission denied",
                    "The operating system refused a file or program the job needed (permission denied).",
                    "Give the user the hub runs as (or the SSH user) access to that path.",
                    "targets.yaml: {target}.transport.user", FailureRules.TARGETS_DOC);

    private TransportFailures() {
    }
}
