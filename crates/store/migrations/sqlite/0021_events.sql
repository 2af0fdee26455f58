-- The change log becomes the domain-event log: each row also names who made the change,
-- the organisations it concerns, and the audit row written with it. Rows from before
-- this migration have none of these.
ALTER TABLE change_log ADD COLUMN actor_user_id BIGINT;
ALTER TABLE change_log ADD COLUMN org_ids TEXT NOT NULL DEFAULT '';
ALTER TABLE change_log ADD COLUMN audit_id BIGINT;
CREATE INDEX change_log_entity ON change_log (entity, entity_id);
