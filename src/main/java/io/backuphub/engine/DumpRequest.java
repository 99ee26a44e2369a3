package io.backuphub.engine;

import io.backuphub.target.Target;
import java.util.Map;

/**
 * What an engine needs to dump: the target, validated options, and a way to reach its host (engines
 * that speak HTTP, like Qdrant, never call it).
 */
public record DumpRequest(Target target, Map<String, Object> options, Connector connector) {
}
