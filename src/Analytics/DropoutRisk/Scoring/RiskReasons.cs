using System.Text.RegularExpressions;
using Outcomes.Analytics.DropoutRisk.Explanation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// The reasons shown with a risk score, from the model itself: its contributions on the log-odds scale
/// (<see cref="ScoringModel.Explain"/>: TreeSHAP for the boosted trees), which add up with the average patient's
/// log-odds to the patient's. The features contributing at least <see cref="MinimumLogOdds"/> either way, the largest
/// <see cref="MaximumReasons"/>, are shown in the words of the reviewed table (<c>ReasonPhrases.tsv</c>) with the
/// patient's own value and their direction, with the table's suggested action for a sign that raises the risk (once
/// a patient: three attendance signs suggest one outreach call); modifiable signs come first, then fixed ones, each
/// largest raise first.
/// </summary>
public static class RiskReasons
{
    /// <summary>Smallest contribution shown: 0.1 on the log-odds scale, the odds moved by about a tenth.</summary>
    public const double MinimumLogOdds = 0.1;

    /// <summary>From ln 2 on the log-odds scale (the odds doubled or halved) a sign raises or lowers the risk "strongly".</summary>
    public static readonly double Strong = Math.Log(2);

    public const int MaximumReasons = 4;

    /// <summary>The reason given when no feature moves the log-odds by <see cref="MinimumLogOdds"/>: a flag is never shown without one.</summary>
    public const string NoSingleSign = "no single sign stands out: the risk comes from several small ones together";

    /// <summary>Each model feature's value as the phrases read it, by <see cref="ModelInput.FeatureNames"/>.</summary>
    internal static readonly IReadOnlyDictionary<string, Func<SnapshotFeatures, object?>> Values = new Dictionary<string, Func<SnapshotFeatures, object?>>(StringComparer.Ordinal)
    {
        ["days since admission"] = f => f.DaysSinceAdmission,
        ["PHP"] = f => f.Php,
        ["stepped down"] = f => f.SteppedDown,
        ["attendance last 7 days"] = f => f.AttendanceLast7Days,
        ["attendance last 14 days"] = f => f.AttendanceLast14Days,
        ["consecutive missed sessions"] = f => f.ConsecutiveMissed,
        ["hours against ASAM minimum"] = f => f.HoursAgainstAsamMinimum,
        ["family contacts"] = f => f.FamilyContacts,
        ["positive screens"] = f => f.PositiveScreens,
        ["refused screens"] = f => f.RefusedScreens,
        ["medication for addiction treatment"] = f => f.MedicationForAddictionTreatment,
        ["co-occurring disorder"] = f => f.CoOccurringDisorder,
        ["prior episodes"] = f => f.PriorEpisodes,
        ["age at admission"] = f => f.AgeAtAdmission,
        ["facility"] = f => f.FacilityId,
        ["referral source"] = f => f.ReferralSource,
    };

    /// <summary>The name of the reason given when no single sign stands out (<see cref="NoSingleSign"/>).</summary>
    public const string NoSingleSignName = "no single sign";

    /// <summary>The name of a reason no phrase of the reviewed table reads (an older model's words).</summary>
    public const string OtherSignName = "other reason";

    /// <summary>
    /// Every sign's name in the order reasons are counted: the model's features in their order, then
    /// <see cref="NoSingleSignName"/> and <see cref="OtherSignName"/>.
    /// </summary>
    public static IReadOnlyList<string> SignNames { get; } = [.. ModelInput.FeatureNames, NoSingleSignName, OtherSignName];

    /// <summary>
    /// The sign a stored reason was written for, without its patient's value ("missed the last 3 sessions in a row:
    /// raises risk — suggested: …" → "consecutive missed sessions"): how the reasons of many flags are counted without
    /// showing any. The words before the direction are matched against each phrase of the reviewed table.
    /// </summary>
    public static string SignOf(string reason)
    {
        if (reason == NoSingleSign)
        {
            return NoSingleSignName;
        }

        var direction = new[] { ": raises risk", ": lowers risk" }.Select(d => reason.LastIndexOf(d, StringComparison.Ordinal)).Max();
        var words = direction < 0 ? reason : reason[..direction];
        return ModelInput.FeatureNames.FirstOrDefault(name => PhrasePatterns.Value[name].IsMatch(words)) ?? OtherSignName;
    }

    /// <summary>Each feature's present and absent words as one pattern, the values they fill in left open.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, Regex>> PhrasePatterns = new(() => ModelInput.FeatureNames.ToDictionary(
        name => name,
        name =>
        {
            var phrase = ReasonPhrases.All[name];
            var alternatives = phrase.Present.Split(" // ").Append(phrase.Absent).Select(words => Regex.Escape(words)
                .Replace(@"\{n}", "[0-9]+", StringComparison.Ordinal)
                .Replace(@"\{s}", "s?", StringComparison.Ordinal)
                .Replace(@"\{pct}", "[0-9.,]+ ?%", StringComparison.Ordinal)
                .Replace(@"\{value}", ".+", StringComparison.Ordinal));
            return new Regex($"^(?:{string.Join('|', alternatives)})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        },
        StringComparer.Ordinal));

    /// <summary>Risks of <paramref name="rows"/> and the reasons behind each, in one pass through the model.</summary>
    public static IReadOnlyList<(double Risk, IReadOnlyList<string> Reasons)> Explain(ScoringModel model, IReadOnlyList<SnapshotFeatures> rows)
    {
        var explained = model.Explain(rows);
        // Each row's words depend on that row alone: they are written on every processor at once, kept in the rows' order.
        return [.. ParallelEnumerable.Range(0, rows.Count).AsOrdered().Select(i => (explained[i].Risk, Phrase(explained[i], rows[i])))];
    }

    /// <summary>The reasons for one explained score, in words.</summary>
    public static IReadOnlyList<string> Phrase(ScoreExplanation explanation, SnapshotFeatures features)
    {
        IReadOnlyList<(ReasonPhrase Phrase, double Contribution)> reasons = [.. ModelInput.FeatureNames
            .Select((name, i) => (Phrase: ReasonPhrases.All[name], Contribution: explanation.Contributions[i]))
            .Where(x => Math.Abs(x.Contribution) >= MinimumLogOdds)
            .OrderByDescending(x => Math.Abs(x.Contribution))
            .Take(MaximumReasons)
            .OrderBy(x => x.Phrase.Modifiable ? 0 : 1)
            .ThenByDescending(x => x.Contribution)
            .Select(x => (x.Phrase, x.Contribution))];
        var suggested = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<string> words = [.. reasons.Select(x => Words(x.Phrase, x.Contribution, Values[x.Phrase.Feature](features), suggested))];
        return words.Count == 0 ? [NoSingleSign] : words;
    }

    /// <summary>
    /// One reason in words; its action only when it raises the risk and the action was not suggested already. No ";"
    /// inside: the worklist and the command line join a flag's reasons with "; ".
    /// </summary>
    private static string Words(ReasonPhrase phrase, double contribution, object? value, HashSet<string> suggested)
    {
        var direction = (contribution > 0 ? "raises risk" : "lowers risk") + (Math.Abs(contribution) >= Strong ? " strongly" : "");
        var action = contribution > 0 && phrase.Action != ReasonPhrase.NoAction && suggested.Add(phrase.Action) ? $" — suggested: {phrase.Action}" : "";
        return $"{phrase.Words(value)}: {direction}{action}";
    }
}
