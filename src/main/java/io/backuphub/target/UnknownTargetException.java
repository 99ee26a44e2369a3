package io.backuphub.target;

import io.backuphub.common.HubException;
import io.backuphub.common.SafeValues;

/** No target with this id is declared (any more). */
public class UnknownTargetException extends HubException {

    public UnknownTargetException(String id) {
        super(Kind.NOT_FOUND, "not-found", "no target " + SafeValues.show(id) + " is declared in the targets file");
    }
}
