-- An API token may be limited to some capabilities of the API (comma-separated codes of
-- gowest_domain::capability::Capability); empty: every capability its holder has rights to.
ALTER TABLE api_tokens ADD COLUMN capabilities TEXT NOT NULL DEFAULT '';
