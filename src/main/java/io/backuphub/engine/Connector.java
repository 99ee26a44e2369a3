package io.backuphub.engine;

import io.backuphub.transport.Connection;
import java.io.IOException;

/**
 * Opens a connection for an engine's tools: to the target's host (dumps) or to the hub's own host
 * (verification). The connection belongs to the running job: cancelling the job, or its deadline,
 * stops whatever runs on it.
 */
@FunctionalInterface
public interface Connector {

    Connection connect() throws IOException;
}
