using FeedWatch.Analysis.Knowledge;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Entities;

internal enum MentionKind
{
    /// <summary>A person by name (known to the gazetteer, or found after a title).</summary>
    Person,
    /// <summary>A surname or other short form, resolved within the article.</summary>
    ShortName,
    /// <summary>An office without a name: "the Russian president", "his U.S. counterpart".</summary>
    Role,
    /// <summary>A country by name ("Russia", "U.S.").</summary>
    Country,
    /// <summary>A country adjective not part of a title ("Russian", "American").</summary>
    CountryAdjective,
    /// <summary>A seat of government standing for it ("the Kremlin", "the White House").</summary>
    Seat,
    Outlet,
    Place,
}

/// <summary>
/// A person in one article: a leader or a source, known to the gazetteer or found by title. Every
/// mention of the same person (full name, surname, "the Russian president") points to one entity.
/// </summary>
internal sealed class Entity
{
    private static int s_next;
    private readonly int _hash = Interlocked.Increment(ref s_next);

    public Entity(string name, Person? known, string? country)
    {
        Name = name;
        Known = known;
        Country = country;
    }

    // Identity equality with a precomputed hash: entities are hashed often (sets of participants).
    public override int GetHashCode() => _hash;

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public string Name { get; }

    public Person? Known { get; }

    public string? Country { get; set; }

    /// <summary>True when the person counts as a leader in this article.</summary>
    public bool IsLeader { get; set; }

    /// <summary>The office the article gives the person, or the gazetteer's at the article's date.</summary>
    public Office? Office { get; set; }

    /// <summary>For sources: "spokesperson", "adviser" ...</summary>
    public string? Role { get; set; }

    /// <summary>Short forms by which the article may refer to this person again ("Tobgay").</summary>
    public List<string> ShortKeys { get; } = [];

    public override string ToString() => Name;
}

/// <summary>Something recognised in a sentence, by token range [Start, End).</summary>
internal sealed class Mention(MentionKind kind, Sentence sentence, int start, int end)
{
    public MentionKind Kind { get; } = kind;
    public Sentence Sentence { get; } = sentence;
    public int Start { get; } = start;
    public int End { get; set; } = end;

    /// <summary>For person, short-name and role mentions once resolved.</summary>
    public Entity? Entity { get; set; }

    /// <summary>Candidates of a short name, before resolution.</summary>
    public List<NameForm>? Candidates { get; set; }

    public Country? Country { get; set; }
    public Place? Place { get; set; }
    public Outlet? Outlet { get; set; }

    /// <summary>For roles: the office named ("president" -> head of state); null with AnyHead.</summary>
    public Office? Office { get; set; }
    public bool AnyHead { get; set; }

    /// <summary>The title as written ("president", "crown prince"), to tell a president from a supreme leader.</summary>
    public string? TitleWords { get; set; }

    /// <summary>The title before or after the name: what the article calls this person here.</summary>
    public TitleKind? TitleKind { get; set; }

    /// <summary>For a source: the person whose side they speak for ("Putin's spokesperson").</summary>
    public Mention? SideOwner { get; set; }

    /// <summary>A counterpart phrase ("his Russian counterpart"): resolved against the person it is a counterpart of.</summary>
    public bool IsCounterpart { get; set; }

    /// <summary>The title zone starts here (the mention's words plus its title): used to find who speaks.</summary>
    public int ZoneStart { get; set; }

    /// <summary>Followed by a possessive "'s".</summary>
    public bool IsPossessive => End < Sentence.Tokens.Length && Sentence.Tokens[End].Norm == "'s";

    /// <summary>True when the person is a leader as mentioned here (not "Vice President Biden", not "former President Obama").</summary>
    public bool ActsAsLeader =>
        Entity is { IsLeader: true } && TitleKind is not (Knowledge.TitleKind.NonLeader or Knowledge.TitleKind.Former or Knowledge.TitleKind.Source);

    /// <summary>The phrase key of the words (for a part of a hyphenated pair, the part's own key).</summary>
    public string Key
    {
        get => _key ??= PhraseKey.Of(Sentence.Tokens, Start, End);
        set => _key = value;
    }

    private string? _key;

    public string Text => Sentence.Slice(Start, End);

    public override string ToString() => $"{Kind}:{Text}->{Entity?.Name ?? Country?.Name ?? Place?.Name ?? Outlet?.Name}";
}
