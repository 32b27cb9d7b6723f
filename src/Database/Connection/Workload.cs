namespace Outcomes.Database.Connection;

/// <summary>
/// What a piece of work does with the database, which decides the server it goes to when a hot standby is configured
/// (<see cref="ConnectionRouting.ReadsFromStandby"/>): read-only work may go to the standby, everything that writes goes
/// to the primary.
/// </summary>
public enum Workload
{
    /// <summary>Loading files: the care tables, the ledger, the quarantine.</summary>
    Ingest,

    /// <summary>The scheduled jobs' bookkeeping, their locks and Hangfire's queue.</summary>
    Jobs,

    /// <summary>
    /// Computing a period's analysis and storing it as a run, training and scoring the model, targets and plans. The
    /// period analysis builds temporary tables, which a hot standby cannot create, so its reads stay with its writes.
    /// </summary>
    Analysis,

    /// <summary>Lines of the audit trail, whatever work records them (a web page viewed, a workbook written).</summary>
    Audit,

    /// <summary>Reading stored analysis runs and the aggregates beside them to write a workbook, chart pack or annual review.</summary>
    Reports,

    /// <summary>What the web pages show (the worklist, usefulness, the dashboard); their reviews and audit lines are writes.</summary>
    WebPages,
}
