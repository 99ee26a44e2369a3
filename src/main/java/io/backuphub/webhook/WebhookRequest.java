package io.backuphub.webhook;

import io.backuphub.common.Globs;
import io.backuphub.common.HookSignature;
import io.backuphub.common.Ids;
import io.backuphub.common.Problems;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/** Body of POST /api/v1/webhooks; {@code signatureScheme} is "v2" (default) or the deprecated "v1". */
public record WebhookRequest(String name, List<String> allowedActions, List<String> allowedTargets,
        List<String> allowedEnvironments, Integer ratePerHour, Boolean enabled,
        String signatureScheme) {

    static final int DEFAULT_RATE_PER_HOUR = 10;

    /** The webhook this request defines, or an invalid-request problem naming every bad field. */
    public Webhook toWebhook(String createdBy) {
        Problems problems = new Problems();
        if (name == null || !name.matches("[A-Za-z0-9 ._-]{1,100}")) {
            problems.add("name", "is required: 1-100 letters, digits, spaces, '.', '_' or '-'");
        }
        List<String> actions = allowedActions == null ? List.of() : allowedActions;
        if (actions.isEmpty() || !Webhook.ACTIONS.containsAll(actions)) {
            problems.add("allowedActions", "must list one or more of " + Webhook.ACTIONS);
        }
        List<String> targets = allowedTargets == null ? List.of() : allowedTargets;
        globs(targets, "allowedTargets", problems);
        List<String> environments = allowedEnvironments == null ? List.of("*") : allowedEnvironments;
        globs(environments, "allowedEnvironments", problems);
        int rate = ratePerHour == null ? DEFAULT_RATE_PER_HOUR : ratePerHour;
        if (rate < 1 || rate > 3600) {
            problems.add("ratePerHour", "must be within 1..3600");
        }
        HookSignature.Scheme scheme = signatureScheme == null ? HookSignature.Scheme.V2
                : scheme(signatureScheme, problems);
        problems.throwIfAny();
        return new Webhook(Ids.next(), name, actions, targets, environments, rate, enabled == null || enabled,
                Instant.now(), createdBy, scheme);
    }

    /** A signature scheme by its name; a problem on {@code signatureScheme} if it is none. */
    public static HookSignature.Scheme scheme(String value, Problems problems) {
        try {
            return HookSignature.Scheme.of(value);
        } catch (IllegalArgumentException e) {
            problems.add("signatureScheme",
                    "must be \"v2\" (timestamp, delivery id and body) or the deprecated \"v1\"");
            return HookSignature.Scheme.V2;
        }
    }

    private static void globs(List<String> globs, String field, Problems problems) {
        if (globs.isEmpty()) {
            problems.add(field, "must list at least one id, or \"*\"");
        }
        for (int i = 0; i < globs.size(); i++) {
            if (!Globs.valid(globs.get(i))) {
                problems.add(field + "[" + i + "]", "must be an id or a glob of [a-z0-9-] and '*'");
            }
        }
    }

    /** A new signing secret: 256 random bits. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
