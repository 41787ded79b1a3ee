-- When each API token was last accepted (to the minute), so that `kabambe token list` shows unused tokens to revoke.
ALTER TABLE api_tokens ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
