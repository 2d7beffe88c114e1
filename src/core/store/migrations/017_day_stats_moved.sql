-- A day's figures say what moved money that day (R9.3.7, R3.1.3): "accepted" counted every approved original,
-- holds never completed among them, and nothing of their completions or of reversals. Now accepted is what was
-- executed (single-phase approvals and completions); holds and the money given back (reversals, returns) have
-- figures of their own, each on the day it happened. The figures accumulated so far are counted again so.
ALTER TABLE day_stats ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE day_stats ADD COLUMN held_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE day_stats ADD COLUMN reversed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE day_stats ADD COLUMN reversed_minor INTEGER NOT NULL DEFAULT 0;

DELETE FROM day_stats;
INSERT INTO day_stats (day, party, role, op_type, channel, currency, accepted, accepted_minor, refused, held, held_minor, reversed, reversed_minor)
WITH counted AS (
  SELECT op_day, issuer_id, acquirer_id, type, channel, currency, amount_minor,
    result_code = '0000' AND two_phase = 0 AS executed,
    result_code = '0000' AND two_phase = 1 AS hold,
    result_code = '4000' AND coalesce(reason, '') <> 'void' AS given_back,
    original_seq IS NULL AND result_code NOT IN ('0000', '4000') AS refusal
  FROM operations WHERE seq <= (SELECT last_seq FROM clearing_progress)
), sides AS (
  SELECT *, issuer_id AS participant_id, 'issuer' AS role FROM counted WHERE issuer_id IS NOT NULL
  UNION ALL
  SELECT *, acquirer_id AS participant_id, 'acquirer' AS role FROM counted WHERE acquirer_id IS NOT NULL
)
SELECT s.op_day, p.code, s.role, s.type, s.channel, s.currency,
  sum(s.executed), sum(s.executed * s.amount_minor), sum(s.refusal), sum(s.hold), sum(s.hold * s.amount_minor), sum(s.given_back), sum(s.given_back * s.amount_minor)
FROM sides s JOIN participants p ON p.id = s.participant_id
GROUP BY s.op_day, p.code, s.role, s.type, s.channel, s.currency
HAVING sum(s.executed) + sum(s.refusal) + sum(s.hold) + sum(s.given_back) > 0;
