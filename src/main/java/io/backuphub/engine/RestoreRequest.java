package io.backuphub.engine;

import io.backuphub.target.Target;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A restore of a decoded artifact into {@code database} on {@code destination}. {@code keepOwnership}
 * restores owners and privileges as dumped (same server, where the roles exist); otherwise the
 * destination's user owns everything. {@code progress} counts the decoded bytes sent so far.
 */
public record RestoreRequest(Target destination, String database, VerifyRequest.DecodedSource source,
        Connector connector, boolean keepOwnership, AtomicLong progress) {
}
