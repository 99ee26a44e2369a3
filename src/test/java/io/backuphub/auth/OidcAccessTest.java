package io.backuphub.auth;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.newKey;
import static io.backuphub.testing.HubApi.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.KeycloakServer;
import io.backuphub.testing.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * People whose OIDC provider (a real Keycloak) vouches for them, calling the API with its bearer tokens:
 * the groups in their token decide their role and scope (hub.auth.group-roles, -targets,
 * -environments), leaving the group takes the role away, an admin can disable them, and a token the
 * provider did not sign for this hub, or that expired, or for an unverified email, is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class OidcAccessTest {

    private static final String PASSWORD = "correct horse battery staple";

    @BeforeAll
    static void groups() {
        KeycloakServer keycloak = HubTestResource.keycloak();
        List.of("shop-ops", "dba", "unmapped").forEach(keycloak::group);
    }

    @Test
    void aPersonsGroupsGiveTheirRoleAndScope() {
        String name = person("alice", List.of("shop-ops"));
        JsonPath me = as(token(name)).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
        assertThat(me.getString("principal")).isEqualTo("user:" + email(name));
        assertThat(me.getString("role")).isEqualTo("operator");
        assertThat(as(token(name)).get("/api/v1/targets").then().statusCode(200).extract().jsonPath()
                .getList("items.id", String.class)).containsExactly("team-shop-a");
        as(token(name)).get("/api/v1/targets/team-vault").then().statusCode(404);
        as(token(name)).delete("/api/v1/artifacts/01nosuchartifact000000000").then().statusCode(403)
                .body("detail", containsString("backup.delete"));
        assertThat(user(email(name)).getString("roleFrom")).isEqualTo("groups");
        assertThat(user(email(name)).getString("signedInVia")).isEqualTo("oidc");
    }

    @Test
    void theHighestRoleOfAPersonsGroupsWins() {
        String name = person("dana", List.of("shop-ops", "dba", "unmapped"));
        JsonPath me = as(token(name)).get("/api/v1/me").then().statusCode(200).extract().jsonPath();
        assertThat(me.getString("role")).isEqualTo("restorer");
        assertThat(me.getList("permissions")).contains("backup.restore");
        assertThat(me.getList("environments")).containsExactly("team-staging");
    }

    @Test
    void leavingTheGroupTakesTheRoleAway() {
        String name = person("erin", List.of("shop-ops"));
        as(token(name)).get("/api/v1/targets").then().statusCode(200);
        HubTestResource.keycloak().leave(userId(name), "shop-ops");
        as(token(name)).get("/api/v1/targets").then().statusCode(403).body("detail", containsString("ask an admin"));
        assertThat(user(email(name)).getString("role")).isNull();
    }

    @Test
    void withoutAMappedGroupAPersonAsksAnAdmin() {
        String name = person("frank", List.of("unmapped"));
        as(token(name)).get("/api/v1/me").then().statusCode(200).body("principal", equalTo("user:" + email(name)));
        as(token(name)).get("/api/v1/targets").then().statusCode(403).body("detail", containsString("ask an admin"));

        String id = user(email(name)).getString("id");
        api().body("{\"role\":\"viewer\"}").put("/api/v1/users/" + id).then().statusCode(200)
                .body("roleFrom", equalTo("admin"));
        as(token(name)).get("/api/v1/targets").then().statusCode(200);
        api().body("{\"role\":\"viewer\",\"disabled\":true}").put("/api/v1/users/" + id).then().statusCode(200);
        as(token(name)).get("/api/v1/me").then().statusCode(401).body("detail", containsString("disabled"));
    }

    @Test
    void anUnverifiedEmailIsRefused() {
        String name = "gina-" + System.nanoTime();
        HubTestResource.keycloak().person(name, email(name), false, PASSWORD, List.of("shop-ops"));
        as(token(name)).get("/api/v1/me").then().statusCode(401).body("detail", containsString("not verified"));
        assertThat(api().get("/api/v1/users").then().extract().jsonPath().getList("items.email", String.class))
                .doesNotContain(email(name));
    }

    @Test
    void aTokenNotSignedForThisHubIsRefused() throws Exception {
        String name = person("mallory", List.of("shop-ops"));
        KeycloakServer keycloak = HubTestResource.keycloak();
        String expired = keycloak.shortLivedToken(name, PASSWORD);
        Processes.sleep(2_500);
        for (String refused : List.of(forged(keycloak.issuer(), email(name)), keycloak.otherIssuersToken(), expired,
                "not.a.jwt")) {
            as(refused).get("/api/v1/me").then().statusCode(401).body("detail", containsString("bearer token"));
        }
        // Without a key prefix, a bearer token is the provider's: the hub's own keys are told apart.
        String key = newKey("bearer-" + System.nanoTime(), "\"role\":\"viewer\"");
        as(key).get("/api/v1/me").then().statusCode(200).body("role", equalTo("viewer"));
    }

    /** A token with the provider's issuer and a person's claims, signed by a key the provider never published. */
    private static String forged(String issuer, String email) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("forged-key");
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject("forged");
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setIssuedAtToNow();
        claims.setClaim("email", email);
        claims.setClaim("email_verified", true);
        claims.setStringListClaim("groups", List.of("dba"));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static final Map<String, String> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A new person in Keycloak, in {@code groups}; returns their username. */
    private static String person(String prefix, List<String> groups) {
        String name = prefix + "-" + System.nanoTime();
        IDS.put(name, HubTestResource.keycloak().person(name, email(name), true, PASSWORD, groups));
        return name;
    }

    private static String userId(String name) {
        return IDS.get(name);
    }

    private static String email(String name) {
        return name + "@example.com";
    }

    private static String token(String name) {
        return HubTestResource.keycloak().accessToken(name, PASSWORD);
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json");
    }
}
