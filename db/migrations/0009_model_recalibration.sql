-- A model recalibrated on recent admissions: the same trained model, its risks mapped through
-- logit(p') = intercept + slope · logit(p) fitted on snapshots whose outcome became known after training
-- (logistic recalibration, Steyerberg 2019). Null for a model used as trained.
alter table dropout_model add column recalibration jsonb;
