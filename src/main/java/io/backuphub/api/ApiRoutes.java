package io.backuphub.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.ParamDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.apache.camel.model.rest.VerbDefinition;

/**
 * The REST API (Camel REST DSL on platform-http). Each operation is a small route named api-*; the
 * work happens in the *Api beans and, for backups, in the request-backup YAML route. OpenAPI is
 * generated from these definitions at /api/v1/openapi.json (Swagger UI at /q/swagger-ui).
 */
public class ApiRoutes extends RouteBuilder {

    private Map<String, Set<String>> queryParams = Map.of();

    private static final String JSON = "application/json";

    @Override
    public void configure() {
        restConfiguration()
                .apiProperty("api.title", "backup-hub API")
                .apiProperty("api.version", "v1")
                .apiProperty("api.description", "Back up databases, verify the backups, and get them back. "
                        + "Every endpoint needs an API key in X-API-Key (or as the HTTP Basic password).");

        onException(Exception.class)
                .handled(true)
                .bean("apiErrors", "handle");

        rest("/api/v1").description("backup-hub").produces(JSON)

                .get("/targets").id("api-list-targets").description("Declared targets with last backup and health")
                    .to("direct:api-list-targets")
                .get("/targets/{id}").id("api-get-target").description("One target with last backup and health")
                    .param().name("id").type(RestParamType.path).description("target id").endParam()
                    .to("direct:api-get-target")
                .post("/targets/reload").id("api-reload-targets").description("Re-read the targets file")
                    .to("direct:api-reload-targets")
                .post("/targets/{id}/backups").id("api-request-backup")
                    .description("Back up the target now, or once later with delay (PT1M..P30D) or runAt."
                            + " Body: application/json, at most hub.api.max-body-bytes")
                    .param().name("id").type(RestParamType.path).description("target id").endParam()
                    .param().name("body").type(RestParamType.body)
                        .description("{} | {\"delay\":\"PT10M\"} | {\"runAt\":\"2026-12-01T02:00:00Z\"}, optional options")
                    .endParam()
                    .responseMessage().code(202).message("Job queued; Location names it").endResponseMessage()
                    .to("direct:api-request-backup")

                .get("/targets/{id}/retention").id("api-get-retention")
                    .description("The target's retention policy, and the one in effect (its own or its environment's)")
                    .to("direct:api-get-retention")
                .put("/targets/{id}/retention").id("api-put-retention")
                    .description("{keepLast, daily, weekly, monthly, yearly, maxAgeDays, keepMinimum}")
                    .to("direct:api-put-retention")
                .post("/targets/{id}/retention/preview").id("api-preview-retention")
                    .description("Dry run: what the policy keeps (with reasons) and deletes (with the reason)")
                    .to("direct:api-preview-retention")
                .post("/targets/{id}/retention/apply").id("api-apply-retention").description("Apply the policy now")
                    .to("direct:api-apply-retention")
                .get("/environments/{env}/retention").id("api-get-environment-retention")
                    .description("The default retention policy of an environment's targets")
                    .to("direct:api-get-environment-retention")
                .put("/environments/{env}/retention").id("api-put-environment-retention")
                    .to("direct:api-put-environment-retention")

                .get("/jobs").id("api-list-jobs").description("Jobs, newest first, with cursor pagination")
                    .param().name("targetId").type(RestParamType.query).required(false).endParam()
                    .param().name("status").type(RestParamType.query).required(false)
                        .allowableValues("queued", "running", "succeeded", "failed", "cancelled").endParam()
                    .param().name("kind").type(RestParamType.query).required(false).allowableValues("backup", "verify").endParam()
                    .param().name("from").type(RestParamType.query).required(false).description("ISO-8601 instant").endParam()
                    .param().name("to").type(RestParamType.query).required(false).description("ISO-8601 instant").endParam()
                    .param().name("limit").type(RestParamType.query).required(false).description("1..500, default 50").endParam()
                    .param().name("cursor").type(RestParamType.query).required(false).description("nextCursor of the previous page").endParam()
                    .to("direct:api-list-jobs")
                .get("/jobs/{id}").id("api-get-job").description("One job")
                    .to("direct:api-get-job")
                .delete("/jobs/{id}").id("api-cancel-job")
                    .description("Cancel a queued or scheduled job (200), or stop a running one (202: its tools are"
                            + " killed, its target freed, and it ends as cancelled)")
                    .to("direct:api-cancel-job")

                .get("/artifacts").id("api-list-artifacts").description("Stored backups, newest first")
                    .param().name("targetId").type(RestParamType.query).required(false).endParam()
                    .param().name("limit").type(RestParamType.query).required(false).endParam()
                    .param().name("cursor").type(RestParamType.query).required(false).endParam()
                    .to("direct:api-list-artifacts")
                .get("/artifacts/{id}").id("api-get-artifact").description("One artifact with its manifest")
                    .to("direct:api-get-artifact")
                .get("/artifacts/{id}/download").id("api-download-artifact")
                    .description("The stored object, byte for byte (decompress with zstd, decrypt with age)."
                            + " An artifact that failed verification is refused (409) unless force=true")
                    .param().name("force").type(RestParamType.query).required(false)
                        .description("true: download even though verification failed").endParam()
                    .produces("application/octet-stream")
                    .to("direct:api-download-artifact")
                .delete("/artifacts/{id}").id("api-delete-artifact").description("Delete object and manifest (audited)")
                    .to("direct:api-delete-artifact")
                .post("/artifacts/{id}/pin").id("api-pin-artifact")
                    .description("Pin with a reason (legal hold, pre-migration): never deleted by retention or DELETE")
                    .to("direct:api-pin-artifact")
                .delete("/artifacts/{id}/pin").id("api-unpin-artifact").to("direct:api-unpin-artifact")
                .post("/artifacts/{id}/verify").id("api-verify-artifact").description("Queue a verification of the artifact")
                    .to("direct:api-verify-artifact")

                .get("/schedules").id("api-list-schedules").description("Schedules, by id, with cursor pagination")
                    .param().name("targetId").type(RestParamType.query).required(false).endParam()
                    .param().name("limit").type(RestParamType.query).required(false).endParam()
                    .param().name("cursor").type(RestParamType.query).required(false).endParam()
                    .to("direct:api-list-schedules")
                .post("/schedules").id("api-create-schedule")
                    .description("Create a recurring backup: {\"targetId\",\"cron\" (Unix 5-field, Quartz, or a preset),"
                            + " \"timezone\" (IANA), \"enabled\", \"options\"}")
                    .to("direct:api-create-schedule")
                .post("/schedules/reload").id("api-reload-schedules").description("Re-apply the schedules file")
                    .to("direct:api-reload-schedules")
                .get("/schedules/{id}").id("api-get-schedule").description("A schedule with its next fire times and last run")
                    .to("direct:api-get-schedule")
                .put("/schedules/{id}").id("api-replace-schedule").to("direct:api-replace-schedule")
                .delete("/schedules/{id}").id("api-delete-schedule").to("direct:api-delete-schedule")
                .post("/schedules/{id}/pause").id("api-pause-schedule").to("direct:api-pause-schedule")
                .post("/schedules/{id}/resume").id("api-resume-schedule").to("direct:api-resume-schedule")

                .post("/webhooks").id("api-create-webhook")
                    .description("Create a signed webhook for CI; the answer shows its secret, once")
                    .to("direct:api-create-webhook")
                .get("/webhooks").id("api-list-webhooks").description("Webhooks (never their secrets)")
                    .to("direct:api-list-webhooks")
                .get("/webhooks/{id}").id("api-get-webhook").to("direct:api-get-webhook")
                .delete("/webhooks/{id}").id("api-delete-webhook").to("direct:api-delete-webhook")
                .post("/webhooks/{id}/enable").id("api-enable-webhook").to("direct:api-enable-webhook")
                .post("/webhooks/{id}/disable").id("api-disable-webhook").to("direct:api-disable-webhook")
                .put("/webhooks/{id}/signature-scheme").id("api-set-webhook-signature-scheme")
                    .description("{\"signatureScheme\": \"v2\"} (timestamp, delivery id and body; the default) or the"
                            + " deprecated \"v1\" (timestamp and body), for CI that still signs the old way")
                    .to("direct:api-set-webhook-signature-scheme")

                .get("/notifications").id("api-list-notifications")
                    .description("Notifications, newest first; ?status=failed lists what could not be delivered")
                    .param().name("status").type(RestParamType.query).required(false)
                        .allowableValues("pending", "delivered", "failed", "held", "digested").endParam()
                    .param().name("limit").type(RestParamType.query).required(false).endParam()
                    .param().name("cursor").type(RestParamType.query).required(false).endParam()
                    .to("direct:api-list-notifications")
                .get("/notifications/config").id("api-notifications-config")
                    .description("Channels and rules from notifications.yaml (secrets are references, never values)")
                    .to("direct:api-notifications-config")
                .post("/notifications/reload").id("api-reload-notifications").to("direct:api-reload-notifications")
                .post("/notifications/digests").id("api-send-digests").description("Send the daily digests now")
                    .to("direct:api-send-digests")

                .get("/audit").id("api-list-audit").description("Audit events, newest first: who did what, when, from where")
                    .param().name("limit").type(RestParamType.query).required(false).endParam()
                    .param().name("cursor").type(RestParamType.query).required(false).endParam()
                    .to("direct:api-list-audit")

                .get("/routes").id("api-list-routes").description("Running routes")
                    .to("direct:api-list-routes")
                .post("/routes/{id}/reload").id("api-reload-route")
                    .description("Redeploy one route from routes/<id>.camel.yaml; a broken file keeps the running route")
                    .to("direct:api-reload-route");

        queryParams = declaredQueryParams();
        handler("api-list-targets", "targetsApi", "list");
        handler("api-get-target", "targetsApi", "get");
        handler("api-reload-targets", "targetsApi", "reload");
        from("direct:api-request-backup").routeId("api-request-backup-handler")
                .process(exchange -> ApiSupport.requireKnownQuery(exchange, Set.of()))
                .bean("targetsApi", "backupCall")
                .to("direct:request-backup")
                .bean("targetsApi", "accepted");
        handler("api-get-retention", "retentionApi", "getTarget");
        handler("api-put-retention", "retentionApi", "putTarget");
        handler("api-preview-retention", "retentionApi", "preview");
        handler("api-apply-retention", "retentionApi", "apply");
        handler("api-get-environment-retention", "retentionApi", "getEnvironment");
        handler("api-put-environment-retention", "retentionApi", "putEnvironment");
        handler("api-pin-artifact", "retentionApi", "pin");
        handler("api-unpin-artifact", "retentionApi", "unpin");
        handler("api-list-jobs", "jobsApi", "list");
        handler("api-get-job", "jobsApi", "get");
        handler("api-cancel-job", "jobsApi", "cancel");
        handler("api-list-artifacts", "artifactsApi", "list");
        handler("api-get-artifact", "artifactsApi", "get");
        handler("api-download-artifact", "artifactsApi", "download");
        handler("api-delete-artifact", "artifactsApi", "delete");
        handler("api-verify-artifact", "artifactsApi", "verify");
        handler("api-list-schedules", "schedulesApi", "list");
        handler("api-create-schedule", "schedulesApi", "create");
        handler("api-reload-schedules", "schedulesApi", "reload");
        handler("api-get-schedule", "schedulesApi", "get");
        handler("api-replace-schedule", "schedulesApi", "replace");
        handler("api-delete-schedule", "schedulesApi", "delete");
        handler("api-pause-schedule", "schedulesApi", "pause");
        handler("api-resume-schedule", "schedulesApi", "resume");
        handler("api-create-webhook", "webhooksApi", "create");
        handler("api-list-webhooks", "webhooksApi", "list");
        handler("api-get-webhook", "webhooksApi", "get");
        handler("api-delete-webhook", "webhooksApi", "delete");
        handler("api-enable-webhook", "webhooksApi", "enable");
        handler("api-disable-webhook", "webhooksApi", "disable");
        handler("api-set-webhook-signature-scheme", "webhooksApi", "setSignatureScheme");
        handler("api-list-notifications", "notificationsApi", "list");
        handler("api-notifications-config", "notificationsApi", "config");
        handler("api-reload-notifications", "notificationsApi", "reload");
        handler("api-send-digests", "notificationsApi", "sendDigests");
        handler("api-list-audit", "auditApi", "list");
        handler("api-list-routes", "routesApi", "list");
        handler("api-reload-route", "routesApi", "reload");
    }

    private void handler(String name, String bean, String method) {
        Set<String> known = queryParams.getOrDefault(name, Set.of());
        from("direct:" + name).routeId(name + "-handler")
                .process(exchange -> ApiSupport.requireKnownQuery(exchange, known))
                .bean(bean, method);
    }

    /** The query parameters each operation declares above: any other is a typo, answered with 400. */
    private Map<String, Set<String>> declaredQueryParams() {
        Map<String, Set<String>> declared = new HashMap<>();
        for (RestDefinition rest : getRestCollection().getRests()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                Set<String> names = new TreeSet<>();
                for (ParamDefinition param : verb.getParams()) {
                    if (param.getType() == RestParamType.query) {
                        names.add(param.getName());
                    }
                }
                declared.put(verb.getId(), names);
            }
        }
        return declared;
    }
}
