using System.CommandLine;
using System.Globalization;
using Outcomes.Pipeline.DropoutModel;

namespace Outcomes.Cli.Commands.Model;

/// <summary>
/// <c>outcomes model train | list | score | promote | drift | card | recalibrate | retire</c>: the early-dropout model
/// and its registry; one file per subcommand beside this one.
/// </summary>
internal static class ModelCommand
{
    public static Command Create(CliContext context) => new("model", "Train, list, promote and retire early-dropout risk models.")
    {
        ModelTrainCommand.Create(context),
        ModelListCommand.Create(context),
        ScoreCommand.Create(context),
        ModelPromoteCommand.Create(context),
        ModelDriftCommand.Create(context),
        ModelCardCommand.Create(context),
        ModelRecalibrateCommand.Create(context),
        ModelRetireCommand.Create(context),
    };

    /// <summary>The model named, or the promoted one; and the day the data are complete through.</summary>
    internal static async Task<(long ModelId, DateOnly Through)> ModelAndDataThroughAsync(Npgsql.NpgsqlDataSource dataSource, long? named, CancellationToken ct)
    {
        var found = await ModelUnderReview.FindAsync(dataSource, named, ct);
        var modelId = found.ModelId ?? throw new InvalidOperationException("No model is promoted: name one (see 'outcomes model list').");
        var through = found.DataThrough ?? throw new InvalidOperationException("There are no episodes yet: ingest a drop folder first.");
        return (modelId, through);
    }

    /// <summary>What became of a candidate, in the words of <c>outcomes model promote</c>; the exit code (2 when not promoted).</summary>
    internal static int PrintPromotion(TextWriter output, PromotionOutcome outcome)
    {
        var id = outcome.CandidateId;
        var verdict = outcome.Verdict!;
        if (verdict.PromotedId is { } current && verdict.CandidateAuroc is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"On {verdict.Rows:N0} snapshots of recent admissions neither model trained on: model {id} AUROC {verdict.CandidateAuroc:F3}, Brier {verdict.CandidateBrier:F4}; promoted model {current} AUROC {verdict.PromotedAuroc:F3}, Brier {verdict.PromotedBrier:F4}."));
        }

        if (!outcome.Promoted && !outcome.NotACandidate)
        {
            output.WriteLine($"Model {id} stays a candidate: {verdict.Reason}. (--force promotes it anyway.)");
            return 2;
        }

        if (outcome.NotACandidate)
        {
            output.WriteLine($"Model {id} is not a candidate.");
            return 2;
        }

        output.WriteLine($"Model {id} promoted ({verdict.Reason}{(outcome.Forced ? "; forced" : "")}).");
        return 0;
    }
}
