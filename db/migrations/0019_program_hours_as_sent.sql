-- A program's planned hours per week are kept as the center sent them. The column kept one decimal place, so `12.25`
-- loaded as `12.3` without a word, and a correction to `12.26` then counted as unchanged. The data contract allows any
-- number from 0 to 168 written in at most 8 characters; the staging table already read it as `numeric`.
alter table program alter column planned_hours_per_week type numeric;
