package io.backuphub.store;

import java.io.IOException;

/** The catalog names an object the store does not hold (deleted behind the hub's back, or lost). */
public class MissingObjectException extends IOException {

    public MissingObjectException(String key) {
        super("object missing from store: " + key);
    }
}
