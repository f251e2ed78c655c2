using FeedWatch.Analysis.Entities;
using FeedWatch.Analysis.Knowledge;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Meetings;

internal enum SpeakerKind { Person, Office, Country, Outlet, Unnamed }

/// <summary>Who said something, and for whom they speak.</summary>
internal sealed record Speaker(string Name, string? Side, SpeakerKind Kind, Entity? Entity)
{
    /// <summary>The outlet or unnamed source makes the report unconfirmed.</summary>
    public bool IsUnconfirmed => Kind is SpeakerKind.Unnamed || Kind == SpeakerKind.Outlet && Side != "media-named";

    /// <summary>"sources", "a source", "insiders", "people familiar": anonymous sources, not an unnamed official speaking for a side.</summary>
    public bool IsAnonymousSource => Kind == SpeakerKind.Unnamed
        && (Name.Contains("source", StringComparison.OrdinalIgnoreCase) || Name.Contains("insider", StringComparison.OrdinalIgnoreCase) || Name.Contains("people", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A speech verb of a sentence and who it attributes the words to.</summary>
internal sealed record SpeechAct(int Verb, int VerbEnd, Speaker Speaker, int SubjectStart, int SubjectEnd)
{
    /// <summary>The verb's folded first word ("said", "according").</summary>
    public string VerbText { get; init; } = string.Empty;
}

/// <summary>
/// Finds who says what in a sentence: "Peskov told reporters", "the Kremlin said", "said Putin",
/// "according to Kommersant", "a diplomatic source said", and outlets citing unnamed sources.
/// </summary>
internal sealed class Attribution(Lexicon lexicon)
{
    private static readonly HashSet<string> SkippableBeforeVerb = new(StringComparer.Ordinal)
    {
        "on", "last", "this", "earlier", "also", "later", "recently", "previously", "has", "have", "had", "was", "were", "is",
        "reportedly", "repeatedly", "separately", "officially", "formally", "publicly", "today", "yesterday", "then", "once",
        "again", "further", "in", "a", "statement", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "morning", "evening", "night", "week", "had", "already", "firmly", "flatly", "strongly", "clearly",
        "emphatically", "quickly", "swiftly", "briefly", "later", "however", "meanwhile", "too", "herself", "himself",
    };

    // Nouns that follow an outlet's name: "Russia's Kommersant newspaper reported".
    private static readonly HashSet<string> OutletNouns = new(StringComparer.Ordinal)
    {
        "newspaper", "daily", "agency", "outlet", "paper", "broadcaster", "channel", "network", "television", "tv",
        "radio", "wire", "magazine", "website", "portal", "station", "tabloid", "weekly", "outlets", "media", "news", "state-run", "state", "official",
    };

    private static readonly HashSet<string> OrganisationWords = new(StringComparer.Ordinal)
    {
        "ministry", "government", "office", "embassy", "statement", "presidency", "administration", "spokesman",
        "spokesperson", "spokeswoman", "foreign", "press", "service", "delegation", "side", "officials", "official",
        "diplomat", "diplomats", "authorities", "source", "sources", "readout", "cabinet", "mission", "department",
    };

    private readonly WordClass _speech = lexicon.Class("speech");
    private readonly WordClass _unnamed = lexicon.Class("unnamed-source");
    private readonly WordClass _rumour = lexicon.Class("rumour");

    public List<SpeechAct> Find(SentenceContext s, Speaker? previousSpeaker)
    {
        var acts = new List<SpeechAct>();
        var tokens = s.Tokens;
        var unnamedCited = HasUnnamedCitation(s);
        for (var v = 0; v < tokens.Length; v++)
        {
            if (StanceOf(s, v, unnamedCited) is { } stance)
            {
                acts.Add(stance);
                continue;
            }
            var len = _speech.MatchAt(tokens, v, tokens.Length);
            if (len == 0) continue;
            var verb = tokens[v].Norm;
            if (s.TriggerLength[v] > 0) continue;
            // "quoted unnamed sources as saying": "saying" belongs to the act that quoted.
            if (verb == "saying" && v > 0 && tokens[v - 1].Norm == "as") continue;
            var subjectStart = v;
            var speaker = verb is "according" ? After(s, v + len, unnamedCited, previousSpeaker) : Before(s, v, unnamedCited, previousSpeaker, out subjectStart);
            if (speaker is null && verb is "said" or "says" or "told" or "added" or "wrote" or "quoted" or "reported" or "cited" or "citing")
            {
                speaker = After(s, v + len, unnamedCited, previousSpeaker);
            }
            if (speaker is null) continue;
            acts.Add(new SpeechAct(v, v + len, speaker, subjectStart, v) { VerbText = verb });
            v += len - 1;
        }
        return acts;
    }

    // Nouns for a side's stated view: "the official stance of the White House that the leaders will not meet".
    private static readonly HashSet<string> StanceNouns = new(StringComparer.Ordinal)
    {
        "stance", "position", "assertion", "statement", "insistence", "claim", "line", "view", "assurance", "announcement",
    };

    /// <summary>"the stance of the White House that ...": the owner of the stance says what follows "that".</summary>
    private static SpeechAct? StanceOf(SentenceContext s, int v, bool unnamedCited)
    {
        var tokens = s.Tokens;
        if (!StanceNouns.Contains(tokens[v].Norm) || v + 3 >= tokens.Length || tokens[v + 1].Norm != "of") return null;
        var k = v + 2;
        if (tokens[k].Norm == "the") k++;
        if (k >= tokens.Length || s.MentionAt[k] is not { Kind: MentionKind.Seat or MentionKind.Person or MentionKind.ShortName or MentionKind.Country } owner) return null;
        if (owner.End >= tokens.Length || tokens[owner.End].Norm != "that") return null;
        return FromMention(s, owner, unnamedCited) is { } speaker ? new SpeechAct(v, owner.End + 1, speaker, v, v) { VerbText = tokens[v].Norm } : null;
    }

    private bool HasUnnamedCitation(SentenceContext s)
    {
        var tokens = s.Tokens;
        for (var i = 0; i < tokens.Length; i++)
        {
            var n = tokens[i].Norm;
            if (n is "citing" or "cited" or "quoted" or "quoting" or "according")
            {
                for (var k = i + 1; k < tokens.Length && k - i <= 5; k++)
                {
                    if (tokens[k].Norm is "unnamed" or "anonymous" or "unidentified" or "sources" or "source" or "insiders" or "people") return true;
                }
            }
            if (_rumour.Contains(n) && n is "unnamed" or "anonymous" or "unidentified") return true;
        }
        return false;
    }

    private Speaker? Before(SentenceContext s, int verb, bool unnamedCited, Speaker? previous, out int subjectStart)
    {
        var tokens = s.Tokens;
        subjectStart = verb;
        var k = verb - 1;
        // Skip a closing quote and comma: "...," Peskov said / "...," said Peskov is handled by After.
        var skipped = 0;
        var outletNoun = -1;
        while (k >= 0 && skipped < 8)
        {
            var t = tokens[k];
            if (s.MentionAt[k] is { } m && m.Kind is not MentionKind.Place || s.MentionAt[k] is { Kind: MentionKind.Place, Place.Kind: "city" })
            {
                break;
            }
            if (OutletNouns.Contains(t.Norm) && outletNoun < 0) outletNoun = k;
            if (SkippableBeforeVerb.Contains(t.Norm) || t.Kind == TokenKind.Number || WhenWord(t.Norm) || OutletNouns.Contains(t.Norm)) { k--; skipped++; continue; }
            break;
        }
        if (k < 0) return null;
        // "Russian media reported", "Iranian state television said": outlets of a country, not the country's government.
        if (outletNoun > k && s.MentionAt[k] is { Kind: MentionKind.CountryAdjective or MentionKind.Country } nation)
        {
            subjectStart = nation.Start;
            return new Speaker(s.Sentence.Slice(nation.Start, outletNoun + 1), unnamedCited ? "unnamed sources" : "media", SpeakerKind.Outlet, null);
        }
        // An apposition between the subject and the verb: "Yury Ushakov, Putin's foreign affairs adviser, said".
        if (tokens[k].Norm == ",")
        {
            if (k > 0 && s.MentionAt[k - 1] is { Kind: MentionKind.Person or MentionKind.ShortName or MentionKind.Seat or MentionKind.Outlet } direct)
            {
                subjectStart = direct.ZoneStart;
                return FromMention(s, direct, unnamedCited);
            }
            for (var j = k - 1; j >= 0 && k - j <= 10; j--)
            {
                if (tokens[j].Norm != ",") continue;
                if (j > 0 && s.MentionAt[j - 1] is { Kind: MentionKind.Person or MentionKind.ShortName } named)
                {
                    subjectStart = named.ZoneStart;
                    return FromMention(s, named, unnamedCited);
                }
                break;
            }
            return null;
        }
        var norm = tokens[k].Norm;
        if (norm is "he" or "she") return previous;
        if (norm is "it" or "they") return previous is { Kind: not SpeakerKind.Person } ? previous : null;
        if (s.MentionAt[k] is { } mention)
        {
            subjectStart = mention.ZoneStart;
            return FromMention(s, mention, unnamedCited);
        }
        // "a diplomatic source", "officials", "the Russian Foreign Ministry", "Russia's foreign ministry"
        if (_unnamed.Contains(norm) || OrganisationWords.Contains(norm))
        {
            var start = k;
            Country? country = null;
            while (start - 1 >= 0 && (OrganisationWords.Contains(tokens[start - 1].Norm) || tokens[start - 1].Norm is "'s" or "senior" or "top" or "diplomatic" or "unnamed" or "anonymous" or "one" or "two" or "several" or "government" or "kremlin" || s.MentionAt[start - 1] is { Kind: MentionKind.CountryAdjective or MentionKind.Country or MentionKind.Seat }))
            {
                start--;
                if (s.MentionAt[start] is { Country: { } c }) { country = c; start = s.MentionAt[start]!.Start; }
            }
            // "Putin's spokesperson": the office of a person speaks for that person's side.
            if (tokens[start].Norm == "'s" && start >= 1 && s.MentionAt[start - 1] is { } owner0)
            {
                country ??= owner0.Country ?? (owner0.Entity?.Country is { } oc0 ? new Country(oc0) : null);
                start = owner0.Start;
            }
            else if (start >= 2 && tokens[start - 1].Norm == "'s" && s.MentionAt[start - 2] is { } owner)
            {
                country ??= owner.Country ?? (owner.Entity?.Country is { } oc ? new Country(oc) : null);
                start = owner.Start;
            }
            var text = s.Sentence.Slice(start, k + 1);
            subjectStart = start;
            // "a diplomatic source", "officials": unnamed; "U.S. officials" speak for their side but are still unnamed.
            if (_unnamed.Contains(norm)) return new Speaker(text, country?.Name ?? "unnamed sources", SpeakerKind.Unnamed, null);
            return new Speaker(text, country?.Name, SpeakerKind.Office, null);
        }
        // An unknown capitalised name: "Kiesewetter said".
        if (tokens[k].IsWord && tokens[k].Capitalized && k > 0)
        {
            var start = k;
            while (start - 1 >= 0 && tokens[start - 1].IsWord && tokens[start - 1].Capitalized && start > 1) start--;
            subjectStart = start;
            return new Speaker(s.Sentence.Slice(start, k + 1), null, SpeakerKind.Person, null);
        }
        return null;
    }

    private Speaker? After(SentenceContext s, int from, bool unnamedCited, Speaker? previous)
    {
        var tokens = s.Tokens;
        for (var k = from; k < tokens.Length && k - from < 6; k++)
        {
            if (s.MentionAt[k] is { } m && m.Kind is not MentionKind.CountryAdjective)
            {
                // Skip the title zone to the person it names: "said Kremlin spokesman Dmitry Peskov".
                var target = m;
                for (var j = m.End; j < tokens.Length && j - m.End < 6; j++)
                {
                    if (s.MentionAt[j] is { Kind: MentionKind.Person or MentionKind.ShortName } p && p.ZoneStart <= m.Start) { target = p; break; }
                }
                return FromMention(s, target, unnamedCited);
            }
            var norm = tokens[k].Norm;
            if (norm is "he" or "she") return previous;
            if (_unnamed.Contains(norm)) return new Speaker(s.Sentence.Slice(from, k + 1), "unnamed sources", SpeakerKind.Unnamed, null);
            if (norm is "." or ";" or "that") break;
        }
        return null;
    }

    private static Speaker? FromMention(SentenceContext s, Mention m, bool unnamedCited)
    {
        switch (m.Kind)
        {
            case MentionKind.Person or MentionKind.ShortName or MentionKind.Role:
                if (m.Entity is { } e)
                {
                    var side = e.Country ?? m.Country?.Name ?? m.SideOwner?.Entity?.Country;
                    return new Speaker(e.Name, side, SpeakerKind.Person, e);
                }
                if (m.Kind == MentionKind.Person) return new Speaker(m.Text, m.Country?.Name ?? m.SideOwner?.Entity?.Country, SpeakerKind.Person, null);
                return null;
            case MentionKind.Seat:
                return new Speaker(m.Text, m.Country?.Name, SpeakerKind.Office, null);
            case MentionKind.Country:
                return new Speaker(m.Country!.Name, m.Country.Name, SpeakerKind.Country, null);
            case MentionKind.Place when m.Place is { Kind: "city", Country: { } c }:
                return new Speaker(m.Text, c, SpeakerKind.Country, null);
            case MentionKind.Outlet:
                return new Speaker(m.Outlet!.Name, unnamedCited ? "unnamed sources" : "media", SpeakerKind.Outlet, null);
            default:
                return null;
        }
    }

    private static bool WhenWord(string norm) => norm is "jan." or "feb." or "mar." or "apr." or "jun." or "jul." or "aug." or "sept." or "sep." or "oct." or "nov." or "dec."
        or "january" or "february" or "march" or "april" or "may" or "june" or "july" or "august" or "september" or "october" or "november" or "december";
}
