package io.backuphub.engine.redis;

/**
 * A Redis target's own section, {@code redis: {restoreDir}}: on a target restores and drills go to,
 * the folder where each restore writes its RDB and where the hub starts a {@code redis-server} on it.
 */
record RedisSettings(String restoreDir) {

    static final RedisSettings NONE = new RedisSettings(null);
}
