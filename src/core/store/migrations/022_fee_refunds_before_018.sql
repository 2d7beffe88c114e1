-- Fees follow the operation (R9.4.6): a reversal or a return the accumulator counted before migration 018 gave back
-- no part of its operation's fee, there being no column for it, so the coming clearing of its day would charge the
-- participant the fee of money given back. On each day not cleared yet, what was given back is counted again exactly
-- as the accumulator counts it now (ClearingAccumulator, feeGivenBack): by the tariff of the operation's day, the fee
-- of what stood less the fee of what still stands. Counted again, so a database counted since 018 is left as it is.
-- A cleared or settled day keeps the fees its clearing netted and its settlement moved.
UPDATE day_fees SET reversed = 0, refund_minor = 0
WHERE day IN (SELECT day FROM operational_days WHERE state NOT IN ('cleared', 'settled'));

INSERT INTO day_fees (day, party, role, op_type, channel, currency, count, amount_minor, fee_minor, reversed, refund_minor)
WITH given_back AS (
  SELECT f.op_day, f.type, f.channel, f.currency, f.amount_minor, f.issuer_id, f.acquirer_id, o.op_day AS charged_day,
    o.amount_minor - coalesce((SELECT sum(e.amount_minor) FROM operations e
      WHERE e.original_seq = f.original_seq AND e.result_code = '4000' AND e.seq < f.seq), 0) AS standing
  FROM operations f JOIN operations o ON o.seq = f.original_seq
  WHERE f.result_code = '4000' AND coalesce(f.reason, '') <> 'void' AND f.seq <= (SELECT last_seq FROM clearing_progress)
    AND f.op_day IN (SELECT day FROM operational_days WHERE state NOT IN ('cleared', 'settled'))
), sides AS (
  SELECT *, issuer_id AS participant_id, 'issuer' AS role FROM given_back WHERE issuer_id IS NOT NULL
  UNION ALL
  SELECT *, acquirer_id AS participant_id, 'acquirer' AS role FROM given_back WHERE acquirer_id IS NOT NULL
), charged AS (
  -- The tariff the operation was charged by: the most specific in force on its day, the latest effective among equals.
  SELECT s.*, (SELECT t.id FROM tariffs t
      WHERE t.payer_role = s.role AND t.currency = s.currency AND t.effective_from <= s.charged_day
        AND (t.participant_id IS NULL OR t.participant_id = s.participant_id) AND (t.op_type IS NULL OR t.op_type = s.type)
        AND (t.channel IS NULL OR t.channel = s.channel)
      ORDER BY (t.participant_id IS NOT NULL) * 4 + (t.op_type IS NOT NULL) * 2 + (t.channel IS NOT NULL) DESC, t.effective_from DESC, t.created_at DESC
      LIMIT 1) AS tariff_id
  FROM sides s
), amounts AS (
  -- feeOf before its clamp: fixed + the percentage rounded half up; none when nothing stands.
  SELECT c.*, t.min_minor, t.max_minor,
    CASE WHEN c.standing > 0 THEN t.fixed_minor + (c.standing * t.percent_bp + 5000) / 10000 END AS raw_stood,
    CASE WHEN c.standing - c.amount_minor > 0 THEN t.fixed_minor + ((c.standing - c.amount_minor) * t.percent_bp + 5000) / 10000 END AS raw_stands
  FROM charged c JOIN tariffs t ON t.id = c.tariff_id
), fees AS (
  -- Clamped to the minimum and maximum (min <= max, so one of them at most applies).
  SELECT a.*,
    CASE WHEN a.raw_stood IS NULL THEN 0 WHEN a.raw_stood < a.min_minor THEN a.min_minor WHEN a.raw_stood > a.max_minor THEN a.max_minor ELSE a.raw_stood END AS fee_stood,
    CASE WHEN a.raw_stands IS NULL THEN 0 WHEN a.raw_stands < a.min_minor THEN a.min_minor WHEN a.raw_stands > a.max_minor THEN a.max_minor ELSE a.raw_stands END AS fee_stands
  FROM amounts a
)
SELECT f.op_day, p.code, f.role, f.type, f.channel, f.currency, 0, 0, 0, count(*), sum(f.fee_stood - f.fee_stands)
FROM fees f JOIN participants p ON p.id = f.participant_id
WHERE true
GROUP BY f.op_day, p.code, f.role, f.type, f.channel, f.currency
ON CONFLICT DO UPDATE SET reversed = reversed + excluded.reversed, refund_minor = refund_minor + excluded.refund_minor;
