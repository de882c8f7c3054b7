-- Issue 15: SSO secrets are stored sealed, like every other credential. SQL cannot seal them (the
-- key is the server's), so this only adds the column: at start, before it listens, the server
-- seals whatever "secret" still holds in plain text into it and empties "secret"
-- (sealPlaintextSsoSecrets in server/src/modules/sso-providers).
ALTER TABLE "sso_providers" ADD COLUMN "secret_sealed" text;
