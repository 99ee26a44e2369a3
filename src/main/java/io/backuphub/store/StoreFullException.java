package io.backuphub.store;

import java.io.IOException;

/** The store has no room (or less than its configured reserve) for the object being written. */
public class StoreFullException extends IOException {

    public StoreFullException(String message) {
        super(message);
    }
}
