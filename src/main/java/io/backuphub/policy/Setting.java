package io.backuphub.policy;

/** The settings a policy can give a target, by the name they have in the files and the API. */
public enum Setting {

    SCHEDULE("schedule"), STORES("stores"), REPLICATE_TO("replicateTo"), ENCRYPTION("encryption"), EXPECTED_EVERY(
            "expectedEvery"), COMPRESSION("compression"), COMPRESSION_LEVEL(
                    "compressionLevel"), JOB_TIMEOUT(
                            "jobTimeout"), DRILL("drill"), NOTIFICATIONS("notifications"), RETENTION("retention");

    private final String id;

    Setting(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
