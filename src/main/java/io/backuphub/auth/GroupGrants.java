package io.backuphub.auth;

import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.Problems;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the groups an identity provider puts a person in give them (hub.auth.group-roles,
 * hub.auth.group-targets, hub.auth.group-environments): the highest role among their mapped groups,
 * over the targets and environments of the groups giving that role. A group is matched by its name,
 * or by its path without the leading slash Keycloak adds ({@code /dba} matches {@code dba}).
 */
@ApplicationScoped
public class GroupGrants {

    @Inject AuthProperties config;

    void onStart(@Observes StartupEvent event) {
        Problems problems = new Problems();
        config.auth().groupRoles().forEach((group, role) -> {
            if (Role.of(role).isEmpty()) {
                problems.add("hub.auth.group-roles." + group,
                        "is " + role + ": a role is viewer, operator, restorer or admin");
            }
        });
        for (String group : unmapped()) {
            problems.add("hub.auth.group-targets." + group + " / group-environments",
                    "names a group without a role: give it hub.auth.group-roles." + group);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException("hub.auth.group-roles", problems.messages());
        }
    }

    /** Whether any group is mapped: then the groups, not an admin, decide what people hold. */
    public boolean mapped() {
        return !config.auth().groupRoles().isEmpty();
    }

    /** The grant the person's {@code groups} give; empty when none of them is mapped. */
    public Optional<Grant> of(Collection<String> groups) {
        Role highest = null;
        List<String> mappedGroups = new ArrayList<>();
        for (String claimed : groups) {
            String group = claimed.startsWith("/") ? claimed.substring(1) : claimed;
            Optional<Role> role = Optional.ofNullable(config.auth().groupRoles().get(group)).flatMap(Role::of);
            if (role.isEmpty()) {
                continue;
            }
            if (highest == null || role.get().compareTo(highest) > 0) {
                highest = role.get();
                mappedGroups.clear();
            }
            if (role.get() == highest) {
                mappedGroups.add(group);
            }
        }
        if (highest == null) {
            return Optional.empty();
        }
        return Optional.of(Grant.of(highest, new Scope(united(config.auth().groupTargets(), mappedGroups),
                united(config.auth().groupEnvironments(), mappedGroups))));
    }

    /** The groups' lists put together; empty (everything) as soon as one group has none. */
    private static List<String> united(Map<String, List<String>> lists, List<String> groups) {
        List<String> all = new ArrayList<>();
        for (String group : groups) {
            List<String> list = lists.getOrDefault(group, List.of());
            if (list.isEmpty()) {
                return List.of();
            }
            list.stream().filter(item -> !all.contains(item)).forEach(all::add);
        }
        return all;
    }

    private List<String> unmapped() {
        List<String> groups = new ArrayList<>(config.auth().groupTargets().keySet());
        groups.addAll(config.auth().groupEnvironments().keySet());
        return groups.stream().filter(g -> !config.auth().groupRoles().containsKey(g)).distinct().toList();
    }
}
