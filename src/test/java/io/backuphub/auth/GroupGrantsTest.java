package io.backuphub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.common.InvalidConfigException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an identity provider's groups give a person, from hub.auth.group-roles, -targets and -environments. */
class GroupGrantsTest {

    private static final Map<String, String> MAPPING = Map.of(
            "hub.auth.group-roles.shop-ops", "operator",
            "hub.auth.group-targets.shop-ops", "shop-*",
            "hub.auth.group-roles.vault-ops", "operator",
            "hub.auth.group-targets.vault-ops", "vault,ledger",
            "hub.auth.group-roles.dba", "restorer",
            "hub.auth.group-environments.dba", "staging",
            "hub.auth.group-roles.readers", "viewer");

    @Test
    void theHighestRoleOfTheMappedGroupsWins() {
        Grant grant = grants(MAPPING).of(List.of("readers", "shop-ops", "dba", "somewhere-else")).orElseThrow();
        assertThat(grant.role()).isEqualTo(Role.RESTORER);
        assertThat(grant.scope()).isEqualTo(new Scope(List.of(), List.of("staging")));
    }

    @Test
    void groupsGivingTheSameRoleUniteTheirTargets() {
        Grant grant = grants(MAPPING).of(List.of("shop-ops", "vault-ops")).orElseThrow();
        assertThat(grant.role()).isEqualTo(Role.OPERATOR);
        assertThat(grant.scope().targets()).containsExactly("shop-*", "vault", "ledger");
    }

    @Test
    void aGroupWithoutTargetsGivesItsRoleEverywhere() {
        assertThat(grants(MAPPING).of(List.of("readers", "shop-ops")).orElseThrow().scope().targets())
                .containsExactly("shop-*");
        assertThat(grants(MAPPING).of(List.of("readers")).orElseThrow().scope()).isEqualTo(Scope.ALL);
    }

    @Test
    void keycloaksGroupPathsMatchByName() {
        assertThat(grants(MAPPING).of(List.of("/dba")).orElseThrow().role()).isEqualTo(Role.RESTORER);
    }

    @Test
    void noMappedGroupGivesNothing() {
        assertThat(grants(MAPPING).of(List.of("somewhere-else"))).isEmpty();
        assertThat(grants(MAPPING).of(List.of())).isEmpty();
    }

    @Test
    void aMappingThatCannotBeMeantStopsTheStart() {
        GroupGrants wrongRole = grants(Map.of("hub.auth.group-roles.ops", "superuser"));
        assertThatThrownBy(() -> wrongRole.onStart(null)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("hub.auth.group-roles.ops").hasMessageContaining("superuser");
        GroupGrants noRole = grants(Map.of("hub.auth.group-targets.ops", "shop-*"));
        assertThatThrownBy(() -> noRole.onStart(null)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("group without a role");
    }

    private static GroupGrants grants(Map<String, String> properties) {
        // Durations as Quarkus reads them ("1h"), for the mapping's other settings.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AuthProperties.class)
                .withConverter(Duration.class, 200, new DurationConverter()).withDefaultValues(properties).build();
        GroupGrants grants = new GroupGrants();
        grants.config = config.getConfigMapping(AuthProperties.class);
        return grants;
    }
}
