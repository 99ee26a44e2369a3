package io.backuphub.api;

import io.backuphub.auth.Grant;
import io.backuphub.auth.Limits;
import io.backuphub.auth.Permission;
import io.backuphub.auth.Principal;
import io.backuphub.auth.User;
import io.backuphub.auth.UserRepository;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.Problems;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * People who signed in (Cloudflare Access): their role, narrower permissions, scope and limits, given
 * by an admin who can hand on no more than they hold; disabled, or removed with the keys they own.
 */
@Path("/api/v1")
public class UsersResource {

    /**
     * A person as listed. {@code role} null: none yet (they are told to ask an admin); {@code roleFrom}:
     * {@code groups} (their identity provider's, hub.auth.group-roles), {@code admin} or {@code default-role}.
     */
    public record UserView(String id, String email, String principal, String role, String roleFrom,
            List<String> permissions, List<String> targets, List<String> environments, Limits limits,
            boolean disabled, String signedInVia, Instant createdAt, Instant lastSeenAt) {

        static UserView of(User u) {
            Grant g = u.grant();
            return new UserView(u.id(), u.email(), u.principal().id(), u.assigned() ? g.role().code() : null,
                    u.grantFrom(), KeysResource.codes(g), g.scope().targets(), g.scope().environments(), u.limits(),
                    u.disabled(),
                    u.signedInVia(), u.createdAt(), u.lastSeenAt());
        }
    }

    /** Body of PUT /users/{id}: what the person may do (role null: take their role away). */
    public record UserUpdate(String role, List<String> permissions, List<String> targets, List<String> environments,
            Limits limits, Boolean disabled) {
    }

    @Inject UserRepository users;
    @Inject Caller caller;

    @Requires(Permission.USERS_MANAGE)
    @GET
    @Path("users")
    @Operation(summary = "People who signed in, with their role, permissions, scope and limits")
    public Page<UserView> list() {
        return Page.all(users.list().stream().filter(this::manageable).map(UserView::of).toList());
    }

    @Requires(Permission.USERS_MANAGE)
    @PUT
    @Path("users/{id}")
    @Operation(summary = "Set a person's role, permissions, targets, environments, limits and disabled; no more than"
            + " the caller holds")
    public UserView update(@PathParam("id") String id, UserUpdate body) {
        User user = user(id);
        UserUpdate update = body == null ? new UserUpdate(null, null, null, null, null, null) : body;
        Problems problems = new Problems();
        Grant grant = update.role() == null ? null
                : Grant.parse(update.role(), update.permissions(), update.targets(), update.environments(), problems);
        if (update.limits() != null) {
            update.limits().check(problems.at("limits"));
        }
        problems.throwIfAny();
        if (grant != null) {
            caller.principal().requireWithin(grant);
        }
        if (user.principal().id().equals(caller.name())) {
            throw HubException.conflict("change your own access through another admin: one cannot raise,"
                    + " narrow or lock out oneself by mistake here");
        }
        User changed = users.update(user.id(), grant, update.limits(), Boolean.TRUE.equals(update.disabled()));
        caller.audit("user.update", "user/" + user.email(), "succeeded", (grant == null ? "no role"
                : grant.role() + " on " + grant.scope()) + (changed.disabled() ? ", disabled" : ""));
        return UserView.of(changed);
    }

    @Requires(Permission.USERS_MANAGE)
    @DELETE
    @Path("users/{id}")
    @Operation(summary = "Remove a person and revoke the keys they own (a new sign-in makes them again, with the"
            + " default role)")
    public RestResponse<Void> delete(@PathParam("id") String id) {
        User user = user(id);
        int revoked = users.delete(user);
        caller.audit("user.delete", "user/" + user.email(), "succeeded", revoked + " key(s) revoked");
        return RestResponse.noContent();
    }

    /** The person {@code id}, if the caller may manage them: one who can do more than the caller is as unknown (404). */
    private User user(String id) {
        Ids.require(id, "user");
        return users.byId(id).filter(this::manageable).orElseThrow(() -> HubException.notFound("no user " + id));
    }

    private boolean manageable(User user) {
        Principal me = caller.principal();
        return me.grant().contains(user.grant());
    }
}
