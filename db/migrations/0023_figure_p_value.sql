-- The direct test beside each IOP − PHP difference (issue 28): the two-sided p-value of the difference, so that a reader
-- does not judge a difference by whether the two levels' intervals overlap. Null for every figure that is not a
-- difference, and for a difference with no test. Crude proportions: the score test (Pearson's χ² without continuity
-- correction); clustered units: the Wald t test from the cluster-robust standard error; adjusted differences: the Wald
-- test from their sandwich or bootstrap standard error. The table's grants and row-level security cover the new column.
alter table analysis_figure add column p_value double precision;
