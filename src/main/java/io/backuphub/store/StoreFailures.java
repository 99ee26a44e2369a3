package io.backuphub.store;

import io.backuphub.common.FailureRules;

/** What a store's refusals mean: full, or not letting the hub write. */
public final class StoreFailures {

    private static final String STORES = "docs/configuration.md#stores-file";

    public static final FailureRules RULES = FailureRules.of()
            .when("local store (\\S+) is full",
                    "The local store's disk ($1) is full, or below the space the hub keeps free.",
                    "Free space there or move the store to a larger disk; a retention policy removes old backups.",
                    "hub.data.dir / hub.store.local.reserve-bytes", STORES)
            .when("Access Denied|Status Code: 403|403 Forbidden|AccessDenied",
                    "The object store refused the hub's credentials for this bucket (403).",
                    "Give the store's key write, read and delete rights on the bucket (and prefix) it names.",
                    "stores.yaml: the store's credentials", STORES)
            .when("NoSuchBucket|The specified bucket does not exist|404 Not Found.*bucket",
                    "The bucket the store names does not exist.",
                    "Create the bucket, or correct its name in stores.yaml.", "stores.yaml: the store's bucket",
                    STORES);

    private StoreFailures() {
    }
}
