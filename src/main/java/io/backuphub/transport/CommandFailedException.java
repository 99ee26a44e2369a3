package io.backuphub.transport;

import java.io.IOException;

/** A command ended without success; the message carries its exit status and stderr excerpt. */
public class CommandFailedException extends IOException {

    public CommandFailedException(String program, String status, String stderr) {
        super(program + " " + status + (stderr == null || stderr.isBlank() ? "" : ": " + stderr.strip()));
    }
}
