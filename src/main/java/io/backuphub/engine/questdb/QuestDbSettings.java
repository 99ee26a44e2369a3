package io.backuphub.engine.questdb;

/**
 * A QuestDB target's section, {@code questdb: {root, restoreDir, serverJar, java}}. {@code root} is
 * the server's data root on the transport's host (the folder holding {@code db/} and {@code conf/}),
 * what a backup copies. A restore destination also gives {@code restoreDir}, where each restore
 * unpacks a new root, and {@code serverJar} (run with {@code java}, default {@code java} on the PATH),
 * the QuestDB the hub starts on a restored root to prove it recovers and to count its rows.
 */
record QuestDbSettings(String root, String restoreDir, String serverJar, String java) {

    static final QuestDbSettings NONE = new QuestDbSettings(null, null, null, null);

    String javaOrDefault() {
        return java == null ? "java" : java;
    }

    boolean restores() {
        return restoreDir != null && serverJar != null;
    }
}
