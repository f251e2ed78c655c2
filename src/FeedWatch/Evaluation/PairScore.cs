using FeedWatch.Analysis;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Evaluation;

/// <summary>Counts of true positives, false positives and false negatives, with precision, recall and F1.</summary>
internal sealed class Tally
{
    public int TruePositives { get; set; }
    public int FalsePositives { get; set; }
    public int FalseNegatives { get; set; }

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>A labelled meeting: participants, statuses, and statuses a reader could also defend.</summary>
internal sealed record GoldMeeting(IReadOnlyList<string> Participants, IReadOnlyList<string> Statuses, IReadOnlyList<string> Acceptable);

/// <summary>
/// The measures of the eval command, per article: relevance, participant pairs, and (pair, status).
/// A meeting of n participants contributes its n(n-1)/2 pairs. A predicted (pair, status) that the label
/// lists as acceptable for that pair, and not as required, counts neither for nor against.
/// </summary>
internal static class PairScore
{
    public static string Key(string name)
    {
        // Names compare folded, without punctuation: "Ferdinand Marcos Jr." = "Ferdinand Marcos Jr".
        var folded = Fold.Apply(name);
        return new string(folded.Where(char.IsLetterOrDigit).ToArray());
    }

    public static HashSet<(string, string)> Pairs(IEnumerable<IReadOnlyList<string>> meetings)
    {
        var pairs = new HashSet<(string, string)>();
        foreach (var participants in meetings)
        {
            var keys = participants.Select(Key).Distinct().Order(StringComparer.Ordinal).ToArray();
            for (var i = 0; i < keys.Length; i++)
            {
                for (var j = i + 1; j < keys.Length; j++) pairs.Add((keys[i], keys[j]));
            }
        }
        return pairs;
    }

    public static HashSet<(string, string, string)> PairStatuses(IEnumerable<(IReadOnlyList<string> Participants, IEnumerable<string> Statuses)> meetings)
    {
        var result = new HashSet<(string, string, string)>();
        foreach (var (participants, statuses) in meetings)
        {
            var pairs = Pairs([participants]);
            foreach (var s in statuses)
            {
                foreach (var (a, b) in pairs) result.Add((a, b, s));
            }
        }
        return result;
    }

    /// <summary>Scores one article; returns the pair-status errors as readable lines.</summary>
    public static List<string> Score(AnalysisResult predicted, bool goldRelevant, IReadOnlyList<GoldMeeting> gold,
        Tally relevance, Tally pairs, Tally pairStatus, Dictionary<string, Tally> perStatus)
    {
        var errors = new List<string>();
        if (predicted.Relevant && goldRelevant) relevance.TruePositives++;
        else if (predicted.Relevant) { relevance.FalsePositives++; errors.Add("relevant: predicted true, labelled false"); }
        else if (goldRelevant) { relevance.FalseNegatives++; errors.Add("relevant: predicted false, labelled true"); }

        var goldPairs = Pairs(gold.Select(g => g.Participants));
        var predictedPairs = Pairs(predicted.Meetings.Select(m => m.Participants));
        Count(predictedPairs, goldPairs, [], pairs, errors, "pair");

        var goldPs = PairStatuses(gold.Select(g => (g.Participants, (IEnumerable<string>)g.Statuses)));
        var acceptable = PairStatuses(gold.Select(g => (g.Participants, (IEnumerable<string>)g.Acceptable)));
        var predictedPs = PairStatuses(predicted.Meetings.Select(m => (m.Participants, m.Statuses.Select(Cli.ResultJson.StatusName))));
        Count(predictedPs, goldPs, acceptable, pairStatus, errors, "pair-status");
        foreach (var status in new[] { "planned", "possible", "denied", "cancelled", "held" })
        {
            if (!perStatus.TryGetValue(status, out var tally)) perStatus[status] = tally = new Tally();
            Count(predictedPs.Where(x => x.Item3 == status).ToHashSet(), goldPs.Where(x => x.Item3 == status).ToHashSet(), acceptable, tally, null, status);
        }
        return errors;
    }

    private static void Count<T>(HashSet<T> predicted, HashSet<T> gold, HashSet<T> acceptable, Tally tally, List<string>? errors, string what)
    {
        foreach (var p in predicted)
        {
            if (gold.Contains(p)) tally.TruePositives++;
            else if (!acceptable.Contains(p))
            {
                tally.FalsePositives++;
                errors?.Add($"{what}: extra {p}");
            }
        }
        foreach (var g in gold)
        {
            if (predicted.Contains(g)) continue;
            tally.FalseNegatives++;
            errors?.Add($"{what}: missed {g}");
        }
    }
}
