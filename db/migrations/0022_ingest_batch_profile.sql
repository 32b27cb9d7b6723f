-- Files loaded through a source profile (`outcomes ingest --profile`): the ledger records which profile turned the
-- center's own export into contract rows, the profile file's SHA-256 (a changed mapping is a different load), and the
-- SHA-256 of the export as the center sent it (sha256 stays the hash of the contract rows that were loaded).
-- All three are null for contract files loaded as sent.
alter table ingest_batch
    add column profile text,
    add column profile_sha256 text,
    add column source_sha256 text;
