using FeedWatch.Analysis.Entities;
using FeedWatch.Analysis.Knowledge;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Meetings;

/// <summary>A meeting trigger in a sentence: tokens [Start, Start + Length).</summary>
internal sealed record Trigger(int Start, int Length, TriggerWord Word)
{
    public int End => Start + Length;
    public TriggerKind Kind => Word.Kind;
    public TriggerForm Form => Word.Form;
}

/// <summary>A clause: tokens [Start, End) between clause boundaries ("but", ";", "while" ...).</summary>
internal readonly record struct Clause(int Start, int End)
{
    public bool Contains(int i) => i >= Start && i < End;
}

/// <summary>Everything known about one sentence while its meetings are decided.</summary>
internal sealed class SentenceContext
{
    public SentenceContext(Sentence sentence, List<Mention> mentions, bool isTitle)
    {
        Sentence = sentence;
        Mentions = mentions;
        IsTitle = isTitle;
        MentionAt = new Mention?[sentence.Tokens.Length];
        foreach (var m in mentions)
        {
            for (var k = m.Start; k < m.End; k++) MentionAt[k] ??= m;
        }
        TriggerLength = new int[sentence.Tokens.Length];
        TitleCase = MentionFinder.IsTitleCase(sentence.Tokens);
    }

    public Sentence Sentence { get; }

    public Token[] Tokens => Sentence.Tokens;

    public List<Mention> Mentions { get; }

    /// <summary>The first mention covering each token.</summary>
    public Mention?[] MentionAt { get; }

    /// <summary>Length of the trigger starting at each token (0: none); what cue patterns call %T.</summary>
    public int[] TriggerLength { get; }

    public List<Trigger> Triggers { get; } = [];

    public List<Clause> Clauses { get; } = [];

    /// <summary>True for the headline (and headline-like lines): shorthand grammar, capitals everywhere.</summary>
    public bool IsTitle { get; }

    public bool TitleCase { get; }

    /// <summary>The article's date (published, or estimated from its leaders' titles), for telling past dates from future ones.</summary>
    public DateOnly? ArticleDate { get; init; }

    /// <summary>The sentence's time expressions (found once, shared by the rules and the assembler).</summary>
    public List<TimeExpression> Times => _times ??= WhenParser.Find(Sentence);

    private List<TimeExpression>? _times;

    public Clause ClauseOf(int i)
    {
        foreach (var c in Clauses)
        {
            if (c.Contains(i)) return c;
        }
        return new Clause(0, Tokens.Length);
    }

    /// <summary>The leader mentions (people acting as leaders, and resolved roles) in tokens [start, end).</summary>
    public IEnumerable<Mention> LeadersIn(int start, int end)
    {
        foreach (var m in Mentions)
        {
            WorkMeter.Step();
            if (m.Start < start || m.Start >= end) continue;
            if (m.Kind is MentionKind.Person or MentionKind.ShortName or MentionKind.Role && m.ActsAsLeader) yield return m;
        }
    }
}
