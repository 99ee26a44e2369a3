package io.backuphub.target;

import io.backuphub.InvalidConfigException;
import java.util.List;

/** targets.yaml could not be accepted. */
public class InvalidTargetsException extends InvalidConfigException {

    public InvalidTargetsException(String source, List<String> problems) {
        super(source, problems);
    }
}
