-- Which build ran each job: the highest migration the running server's build carries. During an upgrade, servers of
-- two builds may share one database for a while (docs/jobs.md, "Upgrading"); this tells their runs apart, including
-- the runs a server older than the schema refused. Null for runs recorded before this column, and by older builds.
alter table job_run add column build_schema integer;
