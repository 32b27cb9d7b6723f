-- Each model's card (intended use, data window, predictors, performance, subgroups, limitations; TRIPOD+AI), kept
-- with the model in the registry as it was written when the model was trained.
alter table dropout_model add column model_card text;
