package io.backuphub.webhook;

import java.util.List;

/** Body of POST /api/v1/webhooks; {@code signatureScheme} is "v2" (default) or the deprecated "v1". */
public record WebhookRequest(String name, List<String> allowedActions, List<String> allowedTargets,
                             List<String> allowedEnvironments, Integer ratePerHour, Boolean enabled,
                             String signatureScheme) {
}
