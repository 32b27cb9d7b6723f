-- The day an action was decided, as the quality team gives it (`outcomes actions add --decided-on`); until now it was
-- taken to be the day the plan was recorded, which is what the plans recorded so far keep. An action's effect is
-- judged from the quarter of this day. The day it was recorded stays in created_at.
alter table action_plan add column decided_on date;
update action_plan set decided_on = created_at::date;
alter table action_plan alter column decided_on set not null;
