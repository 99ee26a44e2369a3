package io.backuphub.webhook;

import java.util.List;

/** Body of POST /api/v1/webhooks. */
public record WebhookRequest(String name, List<String> allowedActions, List<String> allowedTargets,
                             List<String> allowedEnvironments, Integer ratePerHour, Boolean enabled) {
}
