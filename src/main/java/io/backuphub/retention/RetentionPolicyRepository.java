package io.backuphub.retention;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backuphub.catalog.Db;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/** Retention policies in the catalog: per target, and per environment as the default of its targets. */
@ApplicationScoped
public class RetentionPolicyRepository {

    public enum Scope {

        TARGET, ENVIRONMENT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The policy that applies to a target, and where it comes from: {@code target}, {@code policy:<id>} or {@code environment}. */
    public record Effective(RetentionPolicy policy, String source) {
    }

    private static final TypeReference<RetentionPolicy> POLICY = new TypeReference<>() {
    };

    @Inject Db db;
    @Inject Instance<RetentionDefaults> defaults;

    public Optional<RetentionPolicy> get(Scope scope, String id) {
        return db.queryOne("SELECT policy FROM retention_policies WHERE scope = ? AND scope_id = ?",
                rs -> Db.fromJson(rs.getString(1), POLICY), scope, id);
    }

    public void put(Scope scope, String id, RetentionPolicy policy, String by) {
        String json = Db.json(policy);
        Instant now = Instant.now();
        db.transaction(c -> {
            if (Db.update(c,
                    "UPDATE retention_policies SET policy = ?, updated_at = ?, updated_by = ? WHERE scope = ? AND scope_id = ?",
                    json, now, by, scope, id) == 0) {
                Db.update(c,
                        "INSERT INTO retention_policies (scope, scope_id, policy, updated_at, updated_by) VALUES (?,?,?,?,?)",
                        scope, id, json, now, by);
            }
            return null;
        });
    }

    /**
     * The target's own policy, else the policies file's for it, else its environment's, else none (keep
     * everything).
     */
    public Optional<Effective> effective(Target target) {
        return get(Scope.TARGET, target.id()).map(p -> new Effective(p, Scope.TARGET.id()))
                .or(() -> defaults.isResolvable() ? defaults.get().retention(target)
                        .map(d -> new Effective(d.policy(), d.source())) : Optional.empty())
                .or(() -> get(Scope.ENVIRONMENT, target.environment())
                        .map(p -> new Effective(p, Scope.ENVIRONMENT.id())));
    }

}
