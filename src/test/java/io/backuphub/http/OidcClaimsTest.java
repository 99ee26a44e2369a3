package io.backuphub.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading the groups claim hub.auth.oidc.role-claim names, as providers shape it. */
class OidcClaimsTest {

    private static final JsonObject TOKEN = Json.createObjectBuilder()
            .add("groups", Json.createArrayBuilder().add("dba").add("/shop-ops"))
            .add("realm_access", Json.createObjectBuilder().add("roles", Json.createArrayBuilder().add("restorer")))
            .add("team", "platform").build();

    @Test
    void aListOfGroups() {
        assertThat(OidcPeople.values(TOKEN::get, "groups")).containsExactly("dba", "/shop-ops");
    }

    @Test
    void aDottedPathReachesIntoObjects() {
        assertThat(OidcPeople.values(TOKEN::get, "realm_access.roles")).containsExactly("restorer");
    }

    @Test
    void aSingleStringIsOneGroup() {
        assertThat(OidcPeople.values(TOKEN::get, "team")).containsExactly("platform");
    }

    @Test
    void aSetAsSmallRyeJwtGivesTheGroupsClaim() {
        assertThat(OidcPeople.values(Map.of("groups", Set.of("dba"))::get, "groups")).containsExactly("dba");
    }

    @Test
    void aMissingClaimIsNoGroup() {
        assertThat(OidcPeople.values(TOKEN::get, "roles")).isEmpty();
        assertThat(OidcPeople.values(TOKEN::get, "team.roles")).isEmpty();
    }
}
