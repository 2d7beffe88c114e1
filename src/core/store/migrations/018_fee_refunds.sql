-- Fees follow the operation (R9.4.6): money given back (a reversal, a return) gives back its part of the fee the
-- operation was charged, on the day it is given back — the day of the charge may be cleared and settled already.
-- Charged (count, amount_minor, fee_minor) and given back (reversed, refund_minor) stay apart, so the fees screen
-- and the reports show both; the clearing nets the difference. Fees charged before this are left as they were.
ALTER TABLE day_fees ADD COLUMN reversed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE day_fees ADD COLUMN refund_minor INTEGER NOT NULL DEFAULT 0;
