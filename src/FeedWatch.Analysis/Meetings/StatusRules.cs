using FeedWatch.Analysis.Knowledge;

namespace FeedWatch.Analysis.Meetings;

/// <summary>What one status rule concluded about one trigger.</summary>
/// <param name="Status">The status, or null when the rule says this is no meeting at all (a phone call).</param>
/// <param name="Tier">Precedence: lower tiers win (0 vetoes, 1 double negation, 2 negation and cancellation, 3 modality and tense).</param>
/// <param name="Distance">Tokens between the cue and the trigger (0 when the cue names the trigger): the nearer cue wins within a tier.</param>
/// <param name="Rule">The rule's name.</param>
/// <param name="Evidence">The words the rule relied on.</param>
internal sealed record StatusDecision(MeetingStatus? Status, int Tier, int Distance, string Rule, string Evidence)
{
    /// <summary>How many words the cue pattern pins down: at equal distance the more specific cue wins ("would follow a meeting" over "would ... meeting").</summary>
    public int Specificity { get; init; }

    /// <summary>The cue's tokens [EvidenceStart, EvidenceEnd).</summary>
    public int EvidenceStart { get; init; }

    public int EvidenceEnd { get; init; }

    /// <summary>Where the words that carry the meeting begin: a cue tied to the trigger ("is likely to meet") or the trigger itself.</summary>
    public int AnchorStart { get; init; } = -1;

    public string Reason => $"{Rule}: \"{Evidence}\"";
}

/// <summary>The trigger being judged, with the cues of its clause.</summary>
internal sealed class TriggerContext(SentenceContext sentence, Trigger trigger, Clause clause, List<CueMatch> cues)
{
    public SentenceContext Sentence { get; } = sentence;
    public Trigger Trigger { get; } = trigger;
    public Clause Clause { get; } = clause;
    public List<CueMatch> Cues { get; } = cues;

    /// <summary>
    /// The distance of a cue from this trigger (0 when the cue names it), or -1 when the cue does not apply:
    /// a cue tied to another trigger.
    /// </summary>
    public int DistanceOf(in CueMatch c)
    {
        if (c.Pattern.HasTrigger) return c.Trigger == Trigger.Start ? 0 : -1;
        return c.End <= Trigger.Start ? Trigger.Start - c.End + 1 : c.Start >= Trigger.End ? c.Start - Trigger.End + 1 : 1;
    }

    public string Words(CueMatch c) => Sentence.Sentence.Slice(c.Start, c.End);
}

/// <summary>A status rule: a small named judgement over one trigger's clause.</summary>
internal interface IStatusRule
{
    string Name { get; }

    StatusDecision? Decide(TriggerContext context);
}

/// <summary>A rule that reads one cue category of cues.tsv and gives one status at one tier.</summary>
internal abstract class CueRule(CueCategory category, MeetingStatus? status, int tier, string name) : IStatusRule
{
    public string Name { get; } = name;

    public virtual StatusDecision? Decide(TriggerContext context)
    {
        StatusDecision? best = null;
        foreach (var cue in context.Cues)
        {
            if (cue.Category != category) continue;
            var distance = context.DistanceOf(cue);
            if (distance < 0 || !Applies(context, cue)) continue;
            var specificity = cue.Pattern.Specificity;
            if (best is null || distance < best.Distance || distance == best.Distance && specificity > best.Specificity)
            {
                var anchor = cue.Pattern.HasTrigger && cue.Start < context.Trigger.Start ? cue.Start : context.Trigger.Start;
                best = new StatusDecision(status, tier, distance, Name, context.Words(cue))
                {
                    Specificity = specificity,
                    AnchorStart = anchor,
                    EvidenceStart = cue.Start,
                    EvidenceEnd = cue.End,
                };
            }
        }
        return best;
    }

    protected virtual bool Applies(TriggerContext context, CueMatch cue) => true;
}

/// <summary>Phone and video contacts are not meetings: "in a phone call", "talks by video link".</summary>
internal sealed class VirtualContactRule() : CueRule(CueCategory.Virtual, null, 0, "virtual-contact")
{
    // A phone call mentioned elsewhere in the clause does not make every trigger of it virtual.
    protected override bool Applies(TriggerContext context, CueMatch cue) =>
        cue.Pattern.HasTrigger || Math.Abs(cue.Start - context.Trigger.Start) <= 3;
}

/// <summary>"did not rule out", "cannot be ruled out", "not impossible": the negations cancel, the meeting is possible.</summary>
internal sealed class NotRuledOutRule() : CueRule(CueCategory.NotRuledOut, MeetingStatus.Possible, 1, "not-ruled-out");

/// <summary>"will not postpone", "still on": a planned meeting stays planned.</summary>
internal sealed class NotCancelledRule() : CueRule(CueCategory.NotCancelled, MeetingStatus.Planned, 1, "not-cancelled");

/// <summary>"cancelled", "postponed", "called off", "scrapped".</summary>
internal sealed class CancellationRule() : CueRule(CueCategory.Cancelled, MeetingStatus.Cancelled, 2, "cancelled");

/// <summary>"no plans", "not on the agenda", "will not meet", "denied reports that", "ruled out".</summary>
internal sealed class DenialRule() : CueRule(CueCategory.Denied, MeetingStatus.Denied, 2, "denied");

/// <summary>
/// "We have no meetings to announce", "could not confirm", "not aware of": a side neither confirms nor
/// denies. The sentence gives the meeting no status; a hedge or plan on the meeting itself
/// ("a possible meeting") still speaks for itself, so this rule yields at equal distance.
/// </summary>
internal sealed class NoCommentRule() : CueRule(CueCategory.NoComment, null, 3, "no-comment")
{
    public override StatusDecision? Decide(TriggerContext context) =>
        base.Decide(context) is { } d ? d with { Distance = d.Distance + 1, Specificity = 0 } : null;
}

/// <summary>"We have no meetings to announce at this time": a no-comment, not a denial, and it outranks the "no meeting" it contains.</summary>
internal sealed class NoAnnouncementRule() : CueRule(CueCategory.NoAnnouncement, null, 2, "no-announcement");

/// <summary>"last met", "held talks", "after the talks", "the meeting took place".</summary>
internal sealed class HeldRule() : CueRule(CueCategory.Held, MeetingStatus.Held, 3, "held");

/// <summary>"may meet", "a possible meeting", "invited", "open to meeting", "good chance".</summary>
internal sealed class PossibilityRule() : CueRule(CueCategory.Possible, MeetingStatus.Possible, 3, "possible");

/// <summary>"will meet", "is scheduled to", "plans to meet", "the meeting will take place".</summary>
internal sealed class PlanRule() : CueRule(CueCategory.Planned, MeetingStatus.Planned, 3, "planned");

/// <summary>Headline shorthand: "Putin, Trump to meet in Helsinki", "Modi meets Xi next week".</summary>
internal sealed class HeadlinePlanRule() : CueRule(CueCategory.HeadlinePlanned, MeetingStatus.Planned, 3, "headline-planned")
{
    // Only in a headline, and only right after the names: "Lavrov, Kerry to meet", "Xi to visit Vietnam";
    // not "invited Putin to hold talks" (the invitation decides that one).
    protected override bool Applies(TriggerContext context, CueMatch cue)
    {
        var s = context.Sentence;
        if (!(s.IsTitle || s.TitleCase) || s.Tokens.Length > 24) return false;
        // "Not aware of plans by Xi to visit India": a negated headline is no announcement.
        for (var k = context.Clause.Start; k < cue.Start; k++)
        {
            if (s.Tokens[k].Norm is "not" or "no" or "n't" or "never" or "denies" or "denied" or "deny" or "rejects" or "rules" or "unlikely" or "won't") return false;
        }
        if (s.Tokens[cue.Start].Norm != "to") return true;
        var before = cue.Start - 1;
        // "Trump says to meet with Xi": the names, then a speech verb.
        if (before >= 1 && s.Tokens[before].Norm is "says" or "say" or "said" or "plans" or "set" or "expected") before--;
        return before >= 0 && s.MentionAt[before] is { } m && (m.ActsAsLeader || m.Kind == Entities.MentionKind.Role);
    }
}

/// <summary>
/// When no cue speaks, the trigger's own form does: "met", "visited", "hosted" report a meeting that took
/// place; "meets"/"hosts" in a headline or caption too; "is meeting ... on Monday" is ahead.
/// </summary>
internal sealed class TenseRule : IStatusRule
{
    public string Name => "tense";

    public StatusDecision? Decide(TriggerContext context)
    {
        var t = context.Trigger;
        var tokens = context.Sentence.Tokens;
        var p = t.Start - 1;
        while (p > 0 && tokens[p].Norm is "also" or "still" or "now" or "currently" or "reportedly" or "already" or "due" or "even") p--;
        var prev = p >= 0 ? tokens[p].Norm : "";
        var word = context.Sentence.Sentence.Slice(t.Start, t.End);
        switch (t.Form)
        {
            case TriggerForm.Past when prev is not ("to" or "be" or "been" or "being" or "will" or "would"):
                return new StatusDecision(MeetingStatus.Held, 3, 2, Name, word);
            case TriggerForm.S when t.Kind is TriggerKind.Meet or TriggerKind.Host or TriggerKind.Visit:
                return new StatusDecision(MeetingStatus.Held, 3, 4, Name, word);
            // Headline present: "Modi, Trudeau meet on G20 sidelines".
            case TriggerForm.Base when context.Sentence.IsTitle && t.Kind is TriggerKind.Meet && t.Start > 0 && context.Sentence.MentionAt[t.Start - 1] is { ActsAsLeader: true }:
                return new StatusDecision(MeetingStatus.Held, 3, 4, Name, word);
            // "Xi is also meeting with Biden on Monday": a progressive with a coming day is a plan; without one, under way.
            case TriggerForm.Ing when prev is "is" or "are":
                var ahead = context.Sentence.Times.Exists(e => context.Clause.Contains(e.Start) && !e.IsPast && (e.IsFuture || e.Text.Length > 0 && char.IsUpper(e.Text[0]) || e.Start > t.Start));
                return new StatusDecision(ahead ? MeetingStatus.Planned : MeetingStatus.Held, 3, 4, Name, $"{prev} {word}");
            case TriggerForm.Ing when prev is "was" or "were":
                return new StatusDecision(MeetingStatus.Held, 3, 4, Name, $"{prev} {word}");
            // "He made these comments while hosting Kallas in Kyiv": the participle takes the tense of its clause.
            case TriggerForm.Ing when prev is "while" or "when" or "after" or "before" && PastBefore(tokens, t.Start):
                return new StatusDecision(MeetingStatus.Held, 3, 4, Name, $"{prev} {word}");
        }
        return null;
    }

    private static bool PastBefore(Text.Token[] tokens, int end)
    {
        for (var k = 0; k < end; k++)
        {
            var n = tokens[k].Norm;
            if (n is "was" or "were" or "had" or "made" or "said" or "told" or "did" or "met" or "held" or "spoke" or "gave" or "came" or "went") return true;
            if (n.Length > 4 && n.EndsWith("ed", StringComparison.Ordinal) && tokens[k].IsWord) return true;
        }
        return false;
    }
}

/// <summary>
/// A meeting dated in the past took place: "a meeting in Osaka on Jun 29, 2019", "their summit last
/// November", "Moon's brief summit with Trump last week". Only a date the sentence ties to the trigger
/// (near it, in its clause) counts, and any cue nearer the trigger wins.
/// </summary>
internal sealed class PastDateRule : IStatusRule
{
    public string Name => "past-date";

    public StatusDecision? Decide(TriggerContext context)
    {
        var s = context.Sentence;
        var t = context.Trigger;
        StatusDecision? best = null;
        foreach (var e in s.Times)
        {
            if (!context.Clause.Contains(e.Start)) continue;
            var distance = e.Start >= t.End ? e.Start - t.End + 1 : t.Start - e.End + 1;
            if (distance > 8) continue;
            var past = e.IsPast;
            if (!past && s.ArticleDate is { } date && (e.ExplicitYear is not null || e.Text.Contains("this year", StringComparison.OrdinalIgnoreCase)))
            {
                past = e.Resolve(date, true) is { } range && range.End < date.AddDays(-7);
            }
            if (!past) continue;
            if (best is null || distance < best.Distance) best = new StatusDecision(MeetingStatus.Held, 3, distance, Name, e.Text);
        }
        return best;
    }
}

/// <summary>
/// The rules in order of precedence. Within the lowest tier that speaks, the cue nearest the trigger
/// wins, and on a tie the earlier rule in this list: possible before planned before held, because a
/// hedge ("likely to meet") qualifies the plan it sits next to.
/// </summary>
internal static class StatusRules
{
    public static IReadOnlyList<IStatusRule> All { get; } =
    [
        new VirtualContactRule(),
        new NotRuledOutRule(),
        new NotCancelledRule(),
        new NoAnnouncementRule(),
        new CancellationRule(),
        new DenialRule(),
        new PossibilityRule(),
        new PlanRule(),
        new NoCommentRule(),
        new HeadlinePlanRule(),
        new HeldRule(),
        new TenseRule(),
        new PastDateRule(),
    ];

    private static int Span(StatusDecision d) => d.EvidenceEnd > d.EvidenceStart ? d.EvidenceEnd - d.EvidenceStart : int.MaxValue / 2;

    public static StatusDecision? Decide(TriggerContext context)
    {
        StatusDecision? best = null;
        StatusDecision? noComment = null;
        var bestOrder = int.MaxValue;
        for (var order = 0; order < All.Count; order++)
        {
            var d = All[order].Decide(context);
            if (d is null) continue;
            if (d.Rule == "no-comment") noComment = d;
            // Within a tier: the nearer cue, then the more specific, then the tighter (fewer words), then the rule order.
            if (best is null || d.Tier < best.Tier || d.Tier == best.Tier && (d.Distance < best.Distance
                || d.Distance == best.Distance && (d.Specificity > best.Specificity || d.Specificity == best.Specificity
                    && (Span(d) < Span(best) || Span(d) == Span(best) && order < bestOrder))))
            {
                best = d;
                bestOrder = order;
            }
        }
        // "no knowledge of the White House inviting Khan for a meeting": a no-comment whose words enclose the
        // winning cue takes it in: nobody confirms the invitation.
        if (noComment is not null && best is { Tier: 3 } && best != noComment
            && noComment.EvidenceStart <= best.EvidenceStart && noComment.EvidenceEnd >= best.EvidenceEnd && noComment.EvidenceEnd > noComment.EvidenceStart)
        {
            return noComment;
        }
        return best;
    }
}
