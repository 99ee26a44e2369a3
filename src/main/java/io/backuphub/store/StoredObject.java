package io.backuphub.store;

import java.time.Instant;

public record StoredObject(String key, long size, Instant modifiedAt) {
}
