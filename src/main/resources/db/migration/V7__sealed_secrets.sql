-- Webhook signing secrets may be sealed (AES-GCM under hub.secrets.key): room for nonce, tag and base64.
ALTER TABLE webhooks ALTER COLUMN secret SET DATA TYPE VARCHAR(400);
