package io.backuphub.catalog;

import io.backuphub.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The catalog's id: made with the catalog (the first hub to start on it), and kept with it, so a
 * catalog restored from its own backup is still the same catalog. Every manifest records it and each
 * store's marker names the catalog that first used the store: how a hub tells its own backups from
 * another hub's in a shared bucket.
 */
@ApplicationScoped
public class CatalogIdentity {

    private final Db db;
    private volatile String id;

    public CatalogIdentity(Db db) {
        this.db = db;
    }

    public String id() {
        String known = id;
        if (known == null) {
            known = readOrCreate();
            id = known;
        }
        return known;
    }

    /**
     * Takes {@code catalogId} as this catalog's id: for a hub whose catalog was lost with no copy of
     * it, so that the backups its old catalog wrote (their manifests name that id) are its own again.
     * The caller makes sure the catalog holds no backup yet.
     */
    public void adopt(String catalogId) {
        String current = id();
        db.update("UPDATE catalog_identity SET catalog_id = ? WHERE singleton = 1 AND catalog_id = ?", catalogId,
                current);
        id = catalogId;
    }

    private String readOrCreate() {
        return db.transaction(c -> {
            var existing = Db.query(c, "SELECT catalog_id FROM catalog_identity WHERE singleton = 1",
                    rs -> rs.getString(1));
            if (!existing.isEmpty()) {
                return existing.get(0);
            }
            String made = Ids.next();
            try {
                Db.update(c, "INSERT INTO catalog_identity (singleton, catalog_id, created_at) VALUES (1, ?, ?)", made,
                        Instant.now());
                return made;
            } catch (java.sql.SQLException raced) { // another replica made it first: theirs is the catalog's
                c.rollback();
                return Db.query(c, "SELECT catalog_id FROM catalog_identity WHERE singleton = 1", rs -> rs.getString(1))
                        .get(0);
            }
        });
    }
}
