package io.backuphub.engine.mongodb;

/**
 * A MongoDB target's own section, {@code mongodb: {replicaSet: true}}: the server is a replica-set
 * member, so a whole-server dump takes the oplog too ({@code --oplog}) and restores to one point in time.
 */
record MongoSettings(Boolean replicaSet) {

    static final MongoSettings NONE = new MongoSettings(null);

    boolean isReplicaSet() {
        return Boolean.TRUE.equals(replicaSet);
    }
}
