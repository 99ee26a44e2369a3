package io.backuphub.target;

/** No target with this id is declared (any more). */
public class UnknownTargetException extends RuntimeException {

    public UnknownTargetException(String id) {
        super("no target " + SafeValues.show(id) + " is declared in the targets file");
    }
}
