package io.backuphub.common;

import java.util.List;

/**
 * A configuration file or setting could not be accepted; {@link #problems()} says every reason with
 * its path. Nothing of it was applied: at start the hub does not start, on a reload what runs stays.
 */
public class InvalidConfigException extends HubException {

    public InvalidConfigException(String type, String source, List<String> problems) {
        super(Kind.UNPROCESSABLE, type,
                source + " is invalid and was not applied:\n  - " + String.join("\n  - ", problems),
                problems, null);
    }

    /** A setting (hub.* key) that cannot be used. */
    public InvalidConfigException(String source, List<String> problems) {
        this("invalid-config", source, problems);
    }
}
