-- A program's own instrument (migration 0039, docs/instruments.md) may be declared with the published norms of its total
-- instead of a cut-off: the mean and standard deviation of a clinical sample and of a functional (non-clinical) one. The
-- analysis then puts the boundary between the clinical and the functional range at Jacobson & Truax's (1991) criterion c,
-- (s0·M1 + s1·M0)/(s0 + s1), computed from them. All four or none; never beside a published cut-off (one boundary per
-- instrument); each mean within the instrument's range, the clinical one on the clinical side of the functional one. The
-- source column says where they were published, as it does for the cut-off and the reliability. No patient data.
alter table program_instrument
    add column clinical_mean double precision,
    add column clinical_sd double precision,
    add column functional_mean double precision,
    add column functional_sd double precision,
    add constraint program_instrument_norms_all_or_none
        check (num_nulls(clinical_mean, clinical_sd, functional_mean, functional_sd) in (0, 4)),
    add constraint program_instrument_norms_or_cut_off
        check (clinical_mean is null or clinical_cut_off is null),
    add constraint program_instrument_norms_spread
        check (clinical_sd > 0 and functional_sd > 0),
    add constraint program_instrument_norms_in_range
        check (clinical_mean between total_min and total_max and functional_mean between total_min and total_max),
    add constraint program_instrument_norms_direction
        check (case direction when 'higher_is_worse' then clinical_mean > functional_mean else clinical_mean < functional_mean end);
