package io.backuphub.engine.qdrant;

import java.util.List;

/**
 * A Qdrant target's section: {@code qdrant: {url, apiKeyEnv | apiKeyFile, collections}}. The hub
 * speaks Qdrant's HTTP API at {@code url}; an {@code https} URL's certificate is checked against the
 * JVM's trust store. {@code collections} absent: every collection on the node.
 */
record QdrantSettings(String url, String apiKeyEnv, String apiKeyFile, List<String> collections) {
}
