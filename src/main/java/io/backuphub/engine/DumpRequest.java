package io.backuphub.engine;

import io.backuphub.target.Target;
import io.backuphub.transport.Connection;
import java.io.IOException;
import java.util.Map;

/** What an engine needs to dump: the target, validated options, and a way to reach its host. */
public record DumpRequest(Target target, Map<String, Object> options, Connector connector) {

    /** Opens the target's transport; engines that speak HTTP (Qdrant) never call it. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws IOException;
    }
}
