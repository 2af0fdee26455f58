-- Certified technicians per zone and occupation, written in the transaction that writes the
-- trainees (as training_progress is), so that matching counts the technicians whose trade a
-- demand's industry uses without reading the trainee rows.
CREATE TABLE training_certified (
    zone_id    BIGINT NOT NULL REFERENCES zones (id),
    occupation TEXT NOT NULL,
    certified  BIGINT NOT NULL CHECK (certified > 0),
    PRIMARY KEY (zone_id, occupation)
);

INSERT INTO training_certified (zone_id, occupation, certified)
SELECT zone_id, occupation, COUNT(*) FROM trainees
WHERE certificate_no IS NOT NULL
GROUP BY zone_id, occupation;
