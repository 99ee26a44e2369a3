-- What a webhook's signature covers: v2 = timestamp, delivery id and body (the default, also for
-- webhooks created before this column existed); v1 = timestamp and body only, deprecated because a
-- captured request could be replayed under a new delivery id. Only an explicit switch sets v1.
ALTER TABLE webhooks ADD COLUMN signature_scheme VARCHAR(8) DEFAULT 'v2' NOT NULL;
