package io.backuphub.schedule;

import io.backuphub.InvalidConfigException;
import java.util.List;

/** schedules.yaml could not be applied. */
public class InvalidSchedulesException extends InvalidConfigException {

    public InvalidSchedulesException(String source, List<String> problems) {
        super(source, problems);
    }
}
