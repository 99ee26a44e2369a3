package io.backuphub.schedule;

import java.util.Map;

/**
 * A schedule as written in schedules.yaml or sent to the API:
 * {@code {"targetId":"orders","cron":"0 2 * * *","timezone":"Europe/Berlin"}}.
 */
public record ScheduleRequest(String id, String targetId, String cron, String timezone, Boolean enabled,
        Map<String, Object> options) {
}
