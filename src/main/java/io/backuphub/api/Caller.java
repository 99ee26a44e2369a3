package io.backuphub.api;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.audit.AuditRepository;
import io.backuphub.auth.Grant;
import io.backuphub.auth.Limits;
import io.backuphub.auth.Permission;
import io.backuphub.auth.Principal;
import io.backuphub.auth.Role;
import io.backuphub.auth.Scope;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.SafeValues;
import io.backuphub.http.HubIdentity;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.target.UnknownTargetException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Who is calling and from where, as the HTTP edge authenticated the request; what they may see (their
 * scope: anything of a target out of it is as missing as one that does not exist); what they did goes
 * to the audit log.
 */
@RequestScoped
public class Caller {

    /** No one: holds no permission (the edge admits no request to the API without a principal). */
    private static final Principal NOBODY = new Principal(Principal.Kind.KEY, "anonymous",
            new Grant(Role.VIEWER, Set.of(), Scope.ALL), "anonymous", Limits.NONE);

    @Inject RoutingContext ctx;
    @Inject AuditRepository audit;
    @Inject TargetRegistry targets;
    @Inject ArtifactRepository artifacts;

    /** Audits what the caller did to {@code resource} and how it ended. */
    public void audit(String action, String resource, String outcome, String detail) {
        audit.record(name(), action, resource, source(), outcome, detail);
    }

    /** Whether an authenticated principal is calling (not on the login page or an asset). */
    public boolean isSignedIn() {
        return principal() != NOBODY;
    }

    public Principal principal() {
        return ctx.user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getAttribute(HubIdentity.PRINCIPAL) instanceof Principal principal
                        ? principal : NOBODY;
    }

    /** The principal's audited id: {@code admin}, {@code key:ci-deploy}, {@code user:alice@example.com}. */
    public String name() {
        return principal().id();
    }

    /**
     * The key's current secret (never the secret itself): what the caller is given to use later, such
     * as a restore's confirm token, is bound to it and ends when the key is rotated.
     */
    public String credential() {
        return principal().credential();
    }

    public boolean may(Permission permission) {
        return principal().allows(permission);
    }

    /**
     * Refuses (403) unless the caller holds {@code permission}: for an operation that does, on its way,
     * what another permission guards (a retry of a drill restores).
     */
    public void require(Permission permission) {
        if (!may(permission)) {
            throw new HubException(HubException.Kind.FORBIDDEN, "forbidden", principal().lacking(permission));
        }
    }

    /** The target {@code id}: a target out of the caller's scope is as unknown (404) as one that is not declared. */
    public Target target(String id) {
        String checked = SafeValues.require(SafeValues.SLUG, id, "target id");
        return targets.find(checked).filter(this::covers).orElseThrow(() -> new UnknownTargetException(checked));
    }

    /** The stored backup {@code id}: one of a target out of scope is as unknown (404) as one that does not exist. */
    public Artifact artifact(String id) {
        Artifact artifact = artifacts.require(Ids.require(id, "artifact"));
        return inScope(artifact, artifact.targetId(),
                () -> HubException.notFound("no artifact " + SafeValues.show(id)));
    }

    /** {@code object} of the target {@code targetId}, or {@code missing} (a 404) when that target is out of scope. */
    public <T> T inScope(T object, String targetId, Supplier<HubException> missing) {
        if (!sees(targetId)) {
            throw missing.get();
        }
        return object;
    }

    /**
     * Whether the environment {@code name} is the caller's to see: every environment, unless the scope
     * names environments.
     */
    public boolean seesEnvironment(String name) {
        Scope scope = principal().grant().scope();
        return scope.environments().isEmpty() || scope.environments().contains(name);
    }

    /**
     * Whether the target {@code targetId} is in the caller's scope; a target no longer configured is
     * seen only by callers without a scope.
     */
    public boolean sees(String targetId) {
        Scope scope = principal().grant().scope();
        return scope.isAll() || scope.covers(targetId, targets.find(targetId).map(Target::environment).orElse(null));
    }

    /** The configured targets in the caller's scope, by id. */
    public List<Target> targets() {
        return targets.all().stream().filter(this::covers).sorted(Comparator.comparing(Target::id)).toList();
    }

    /** The ids of the configured targets in scope, for a list's query; null when the caller sees everything. */
    public Set<String> visibleTargets() {
        return principal().grant().scope().isAll() ? null
                : targets().stream().map(Target::id).collect(Collectors.toSet());
    }

    private boolean covers(Target target) {
        return principal().grant().scope().covers(target.id(), target.environment());
    }

    /** The client's address (the proxy's, unless quarkus.http.proxy.proxy-address-forwarding is on). */
    public String source() {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }
}
