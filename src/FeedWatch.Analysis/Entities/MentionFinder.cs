using System.Collections.Frozen;
using FeedWatch.Analysis.Knowledge;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Entities;

/// <summary>
/// Finds, in one sentence, the people, countries, seats of government, outlets and places it names,
/// and the titles that say what each person is ("Kremlin spokesperson Dmitry Peskov",
/// "the Russian president"). Works on tokens only; resolving surnames and roles to people is done
/// for the whole article by <see cref="ArticleEntities"/>.
/// </summary>
internal sealed class MentionFinder(Gazetteer gazetteer, Lexicon lexicon)
{
    // Words that may stand in a title zone between a country and a name without being titles
    // themselves: "Russian Deputy Foreign Minister", "Kremlin foreign policy aide".
    private static readonly HashSet<string> ZoneFillers = new(StringComparer.Ordinal)
    {
        "the", "'s", "foreign", "affairs", "policy", "national", "security", "top", "senior", "presidential", "official",
        "interim", "acting", "outgoing", "incoming", "newly", "elected", "designate", "-", "then", "longtime", "long-time",
        "veteran", "current", "new", "ruling", "government", "state", "his", "her", "its", "their", "a", "an", "de", "facto",
        "de-facto", "self-proclaimed", "embattled", "powerful", "hardline", "reformist", "populist", "nationalist",
        "conservative", "liberal", "socialist", "communist", "far-right", "centrist", "opposition", "spokesperson", "press",
        "foreign-policy", "department", "ministry", "office", "kremlin", "white", "house", "media", "de-facto",
    };

    private static readonly HashSet<string> NameStoppers = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from", "as", "is", "was",
        "will", "would", "has", "had", "have", "said", "says", "told", "he", "she", "it", "they", "we", "i", "but",
        "who", "which", "that", "this", "these", "also", "after", "before", "during", "when", "while", "if", "not",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "may", "june", "july", "august", "september", "october", "november", "december", "meets", "meet",
        "visits", "visit", "talks", "summit", "arrives", "holds", "calls", "urges", "warns", "rejects", "denies",
    };

    private readonly WordClass _honorific = lexicon.Class("honorific");
    private readonly WordClass _speech = lexicon.Class("speech");

    public List<Mention> Find(Sentence sentence)
    {
        var tokens = sentence.Tokens;
        var mentions = new List<Mention>();
        var titleCase = IsTitleCase(tokens);
        var covered = new bool[tokens.Length];

        // 1. Known phrases, longest first at each position: names, outlets, seats, countries, adjectives, places.
        var anyFirst = gazetteer.AnyFirstKey;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!tokens[i].IsWord) continue;
            var m = PhraseIndex<Person>.CanStart(tokens[i], anyFirst) ? MatchKnown(sentence, i) : null;
            if (m is null && tokens[i].Norm.StartsWith("inter-", StringComparison.Ordinal) && lexicon.TryClass("pair-adjective-" + tokens[i].Norm) is { } pair)
            {
                // "inter-Korean summit": both countries, as a hyphenated pair would name them.
                foreach (var name in pair.Members)
                {
                    if (gazetteer.FindCountry(name) is { } c) mentions.Add(new Mention(MentionKind.Country, sentence, i, i + 1) { Country = c, ZoneStart = i });
                }
                covered[i] = true;
                continue;
            }
            if (m is null)
            {
                if (tokens[i].Norm.Contains('-', StringComparison.Ordinal) && tokens[i].Capitalized)
                {
                    // "Putin-Trump", "U.S.-Russia", "Moon-Abe": a pair written as one hyphenated word.
                    foreach (var part in SplitCompound(sentence, i)) mentions.Add(part);
                    covered[i] = true;
                }
                continue;
            }
            mentions.Add(m);
            for (var k = m.Start; k < m.End; k++) covered[k] = true;
            i = m.End - 1;
        }

        // "Pakistan's Foreign Office", "the Indian External Affairs Ministry": an office belongs to the country before it.
        for (var k = 0; k < mentions.Count; k++)
        {
            var m = mentions[k];
            if (m.Kind != MentionKind.Seat) continue;
            var before = m.Start - 1;
            if (before >= 0 && tokens[before].Norm == "'s") before--;
            var owner = mentions.FindLast(x => x.End == before + 1 && x.Kind is MentionKind.Country or MentionKind.CountryAdjective);
            if (owner?.Country is { } c) m.Country = c;
        }

        // 2. Titles: attach to the name they precede, or stand alone as a role ("the Russian president").
        var titles = FindTitles(tokens, covered);
        AttachTitles(sentence, mentions, titles, covered, titleCase);
        return mentions;
    }

    private Mention? MatchKnown(Sentence sentence, int i)
    {
        var tokens = sentence.Tokens;
        var len = gazetteer.All.Match(tokens, i, out var values);
        if (len == 0 || values is null || !HasCapital(sentence, i, len)) return null;

        // One phrase can be several things ("Georgia", "Kremlin"): a person's name first, then an outlet, a seat,
        // a country, an adjective, a place.
        List<NameForm>? names = null;
        Known? best = null;
        foreach (var v in values)
        {
            if (v.Kind == KnownKind.Name) (names ??= []).Add(v.Name!);
            else if (best is null || v.Kind < best.Kind) best = v;
        }
        Mention? m = null;
        if (names is not null)
        {
            var isShort = names.TrueForAll(n => n.IsShort);
            m = new Mention(isShort ? MentionKind.ShortName : MentionKind.Person, sentence, i, i + len)
            {
                Candidates = isShort ? names : names.FindAll(n => !n.IsShort),
            };
        }
        else if (best is not null)
        {
            // "the Kremlin" is the seat "Kremlin" after an article, not a place called "the Kremlin" (but "The Hague" is).
            if (best.Kind == KnownKind.Place && tokens[i].Norm == "the" && !best.Place!.Name.StartsWith("The ", StringComparison.Ordinal)) return null;
            m = best.Kind switch
            {
                KnownKind.Outlet => new Mention(MentionKind.Outlet, sentence, i, i + len) { Outlet = best.Outlet },
                KnownKind.Seat => new Mention(MentionKind.Seat, sentence, i, i + len) { Country = best.Country },
                KnownKind.CountryName => new Mention(MentionKind.Country, sentence, i, i + len) { Country = best.Country },
                KnownKind.CountryAdjective => new Mention(MentionKind.CountryAdjective, sentence, i, i + len) { Country = best.Country },
                _ => new Mention(MentionKind.Place, sentence, i, i + len) { Place = best.Place },
            };
        }
        if (m is null) return null;
        m.ZoneStart = m.Start;
        return m;
    }

    private IEnumerable<Mention> SplitCompound(Sentence sentence, int i)
    {
        var token = sentence.Tokens[i];
        var text = sentence.ParagraphText.Substring(token.Start, token.Length);
        foreach (var part in text.Split('-', StringSplitOptions.RemoveEmptyEntries))
        {
            var partTokens = Tokenizer.Tokenize(part).ToArray();
            if (partTokens.Length == 0 || !partTokens[0].Capitalized) continue;
            var len = gazetteer.Names.Match(partTokens, 0, out var names);
            if (len == partTokens.Length && names is not null)
            {
                var isShort = names.TrueForAll(n => n.IsShort);
                yield return new Mention(isShort ? MentionKind.ShortName : MentionKind.Person, sentence, i, i + 1)
                {
                    Candidates = isShort ? names : names.FindAll(n => !n.IsShort),
                    ZoneStart = i,
                    Key = PhraseKey.Of(part),
                };
                continue;
            }
            len = gazetteer.CountryNames.Match(partTokens, 0, out var countries);
            if (len == partTokens.Length && countries is not null)
            {
                yield return new Mention(MentionKind.Country, sentence, i, i + 1) { Country = countries[0], ZoneStart = i };
                continue;
            }
            len = gazetteer.CountryAdjectives.Match(partTokens, 0, out var adjectives);
            if (len == partTokens.Length && adjectives is not null)
            {
                yield return new Mention(MentionKind.Country, sentence, i, i + 1) { Country = adjectives[0], ZoneStart = i };
                continue;
            }
            // An unknown name in a pair ("Modi-Jinping"): a short name the article may have used in full.
            if (partTokens.Length == 1 && partTokens[0].Length > 2)
            {
                yield return new Mention(MentionKind.ShortName, sentence, i, i + 1) { Candidates = [], ZoneStart = i, Key = PhraseKey.Of(part) };
            }
        }
    }

    private sealed record TitleAt(int Start, int End, Title Title);

    private List<TitleAt> FindTitles(Token[] tokens, bool[] covered)
    {
        var found = new List<TitleAt>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!tokens[i].IsWord || covered[i]) continue;
            var norm = tokens[i].Norm;
            // "then-Prime Minister", "ex-president": the prefix says the title is past or current.
            if (norm.StartsWith("then-", StringComparison.Ordinal)) norm = norm[5..];
            else if (norm.StartsWith("ex-", StringComparison.Ordinal))
            {
                found.Add(new TitleAt(i, i, new Title(["ex-"], TitleKind.Former, null, false)));
                norm = norm[3..];
            }
            if (!lexicon.Titles.TryGetValue(norm, out var candidates)) continue;
            // "PM" is a title, "pm" a time of day.
            if (norm is "pm" && !tokens[i].Capitalized) continue;
            foreach (var t in candidates)
            {
                var ok = true;
                for (var k = 1; k < t.Words.Length && ok; k++)
                {
                    ok = i + k < tokens.Length && !covered[i + k] && tokens[i + k].Norm == t.Words[k];
                }
                if (!ok) continue;
                found.Add(new TitleAt(i, i + t.Words.Length, t));
                i += t.Words.Length - 1;
                break;
            }
        }
        return found;
    }

    private void AttachTitles(Sentence sentence, List<Mention> mentions, List<TitleAt> titles, bool[] covered, bool titleCase)
    {
        var tokens = sentence.Tokens;
        var titleAtToken = new TitleAt?[tokens.Length + 1];
        foreach (var t in titles)
        {
            for (var k = t.Start; k < Math.Max(t.End, t.Start + 1); k++) titleAtToken[k] = t;
        }
        var mentionAt = new Mention?[tokens.Length];
        foreach (var m in mentions)
        {
            for (var k = m.Start; k < m.End; k++) mentionAt[k] ??= m;
        }

        // Unknown names after a title: "Prime Minister Tshering Tobgay", "spokesperson Steffen Hebestreit".
        if (!titleCase)
        {
            foreach (var t in titles)
            {
                if (t.Title.Kind == TitleKind.Former) continue;
                var j = t.End;
                if (j < tokens.Length && tokens[j].Norm == ",") j++;
                var k = j;
                while (k < tokens.Length && k - j < 4 && tokens[k].IsWord && tokens[k].Capitalized && !covered[k]
                       && !NameStoppers.Contains(tokens[k].Norm) && titleAtToken[k] is null && !_speech.Contains(tokens[k].Norm))
                {
                    k++;
                }
                if (k > j && (k - j >= 2 || tokens[j].Length > 2) && (k >= tokens.Length || !tokens[k].IsWord || !tokens[k].Capitalized || k - j == 4))
                {
                    var m = new Mention(MentionKind.Person, sentence, j, k) { ZoneStart = j };
                    mentions.Add(m);
                    for (var x = j; x < k; x++) { covered[x] = true; mentionAt[x] = m; }
                }
            }
        }

        mentions.Sort((a, b) => a.Start.CompareTo(b.Start));

        foreach (var m in mentions)
        {
            if (m.Kind is not (MentionKind.Person or MentionKind.ShortName)) continue;
            ScanZoneBefore(sentence, m, titleAtToken, mentionAt);
            if (m.TitleKind is null) ScanApposition(sentence, m, titleAtToken, mentionAt);
            // "President Lazarus Chakwera of Malawi": the country after the name.
            else if (m.Country is null && m.End + 1 < tokens.Length && tokens[m.End].Norm == "of"
                     && mentionAt[m.End + 1] is { Kind: MentionKind.Country } of)
            {
                m.Country = of.Country;
            }
        }

        // Titles that name no one: roles ("the Russian president", "Russia's top diplomat", "the president of Iran").
        foreach (var t in titles)
        {
            if (t.Title.Kind != TitleKind.Leader || t.End >= tokens.Length + 1) continue;
            var next = t.End < tokens.Length ? mentionAt[t.End] : null;
            var afterComma = t.End + 1 < tokens.Length && tokens[t.End].Norm == "," ? mentionAt[t.End + 1] : null;
            if (next is { Kind: MentionKind.Person or MentionKind.ShortName } || afterComma is { Kind: MentionKind.Person or MentionKind.ShortName } && afterComma.TitleKind is not null)
            {
                continue;
            }
            if (t.End < tokens.Length && tokens[t.End].IsWord && tokens[t.End].Capitalized && !titleCase && !NameStoppers.Contains(tokens[t.End].Norm))
            {
                continue; // a title before an unknown name we chose not to record
            }
            var role = new Mention(MentionKind.Role, sentence, t.Start, t.End)
            {
                Office = t.Title.Office,
                AnyHead = t.Title.AnyHead,
                TitleKind = TitleKind.Leader,
                ZoneStart = t.Start,
                TitleWords = string.Join(' ', t.Title.Words),
            };
            // The country comes before ("the Russian president", "Russia's president") or after ("the president of Iran").
            var before = t.Start - 1;
            if (before >= 0 && tokens[before].Norm == "'s") before--;
            while (before >= 0 && ZoneFillers.Contains(tokens[before].Norm) && mentionAt[before] is null && tokens[before].Norm is not ("the" or "'s")) before--;
            if (before >= 0 && mentionAt[before] is { Kind: MentionKind.CountryAdjective or MentionKind.Country or MentionKind.Seat } cm)
            {
                role.Country = cm.Country;
                role.ZoneStart = cm.Start;
                // "the Russian and Ukrainian presidents": one role for each country of a plural title.
                var k = cm.Start - 1;
                while (IsPlural(t.Title) && k - 1 >= 0 && tokens[k].Norm is "and" or "," && mentionAt[k - 1] is { Kind: MentionKind.CountryAdjective } other)
                {
                    mentions.Add(new Mention(MentionKind.Role, sentence, other.Start, other.End)
                    {
                        Office = t.Title.Office,
                        AnyHead = t.Title.AnyHead,
                        TitleKind = TitleKind.Leader,
                        ZoneStart = other.Start,
                        Country = other.Country,
                    });
                    k = other.Start - 1;
                }
            }
            else if (t.End + 1 < tokens.Length && tokens[t.End].Norm == "of")
            {
                var k = t.End + 1;
                if (k < tokens.Length && tokens[k].Norm == "the") k++;
                // "the president of Iran", "the head of the White House"; not "head of the Russian delegation".
                if (k < tokens.Length && mentionAt[k] is { Kind: MentionKind.Country or MentionKind.Seat } of
                    && (of.End >= tokens.Length || !tokens[of.End].IsWord || !char.IsLower(sentence.ParagraphText[tokens[of.End].Start]) || tokens[of.End].Norm is "is" or "was" or "has" or "said" or "and" or "will" or "would"))
                {
                    role.Country = of.Country;
                    role.End = of.End;
                }
            }
            // A plural title names a group, never one person: "the leaders" alone is no role.
            if (role.Country is null && IsPlural(t.Title))
            {
                continue;
            }
            if (role.Country is null && (before < 0 || tokens[before].Norm != "the" || t.Title.Words[0] == "head") && t.Title.AnyHead)
            {
                continue; // "leader" alone ("opposition leader", "a leader") names no office; "head" needs "of" a country
            }
            mentions.Add(role);
        }

        // Counterparts: "his Russian counterpart" (a role relative to someone else in the sentence).
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Norm is not ("counterpart" or "counterparts") || mentionAt[i] is not null) continue;
            var next = i + 1 < tokens.Length ? mentionAt[i + 1] : null;
            if (next is { Kind: MentionKind.Person or MentionKind.ShortName })
            {
                next.TitleKind ??= TitleKind.Leader;
                var adj = i > 0 ? mentionAt[i - 1] : null;
                if (adj is { Kind: MentionKind.CountryAdjective or MentionKind.Country }) next.Country ??= adj.Country;
                continue;
            }
            var role = new Mention(MentionKind.Role, sentence, i, i + 1) { IsCounterpart = true, ZoneStart = i, TitleKind = TitleKind.Leader };
            if (i > 0 && mentionAt[i - 1] is { Kind: MentionKind.CountryAdjective or MentionKind.Country } c)
            {
                role.Country = c.Country;
                role.ZoneStart = c.Start;
            }
            mentions.Add(role);
        }

        mentions.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
    }

    /// <summary>
    /// Reads the title zone before a name ("Russian Deputy Foreign Minister", "Kremlin spokesperson",
    /// "then-Prime Minister"): the title nearest the name says what the person is; a country adjective,
    /// a possessive country or a seat in the zone says which side.
    /// </summary>
    private void ScanZoneBefore(Sentence sentence, Mention m, TitleAt?[] titleAt, Mention?[] mentionAt)
    {
        var tokens = sentence.Tokens;
        var k = m.Start - 1;
        // "adviser, Yury Ushakov": a comma between a title and the name.
        if (k >= 0 && tokens[k].Norm == "," && k - 1 >= 0 && titleAt[k - 1] is not null) k--;
        var zoneStart = m.Start;
        TitleAt? nearest = null;
        var former = false;
        while (k >= 0)
        {
            var t = tokens[k];
            if (titleAt[k] is { } title)
            {
                nearest ??= title;
                if (title.Title.Kind == TitleKind.Former) former = true;
                if (t.Norm.StartsWith("then-", StringComparison.Ordinal)) { /* then-: the title held at the time */ }
                zoneStart = title.Start;
                k = title.Start - 1;
                continue;
            }
            if (mentionAt[k] is { Kind: MentionKind.CountryAdjective or MentionKind.Country or MentionKind.Seat } cm)
            {
                m.Country ??= cm.Country;
                zoneStart = cm.Start;
                k = cm.Start - 1;
                continue;
            }
            if (mentionAt[k] is { Kind: MentionKind.Person or MentionKind.ShortName } owner && nearest is not null)
            {
                // "Putin's spokesperson Dmitry Peskov", "Putin spokesperson Dmitry Peskov": the owner's side.
                m.SideOwner = owner;
                zoneStart = owner.Start;
                break;
            }
            if (_honorific.Contains(t.Norm))
            {
                zoneStart = k;
                k--;
                continue;
            }
            if (ZoneFillers.Contains(t.Norm) || t.Norm is "former" or "then")
            {
                if (t.Norm is "former") former = true;
                zoneStart = k;
                k--;
                continue;
            }
            break;
        }
        m.ZoneStart = zoneStart;
        if (former) m.TitleKind = TitleKind.Former;
        else if (nearest is not null)
        {
            m.TitleKind = nearest.Title.Kind;
            if (nearest.Title.Kind == TitleKind.Leader)
            {
                m.Office = nearest.Title.Office;
                m.AnyHead = nearest.Title.AnyHead;
                m.TitleWords = string.Join(' ', nearest.Title.Words);
            }
        }
    }

    /// <summary>"Yury Ushakov, Putin's foreign affairs adviser," / "Sergei Ryabkov, Russia's deputy foreign minister".</summary>
    private static void ScanApposition(Sentence sentence, Mention m, TitleAt?[] titleAt, Mention?[] mentionAt)
    {
        var tokens = sentence.Tokens;
        var k = m.End;
        if (k < tokens.Length && tokens[k].Norm == "'s") return;
        if (k >= tokens.Length || tokens[k].Norm != ",") return;
        k++;
        for (var steps = 0; k < tokens.Length && steps < 8; k++, steps++)
        {
            var t = tokens[k];
            if (t.Norm is "," or "." or ";" or "said" or "says" or "told") break;
            if (titleAt[k] is { } title)
            {
                m.TitleKind = title.Title.Kind;
                if (title.Title.Kind == TitleKind.Leader) m.Office = title.Title.Office;
                break;
            }
            if (mentionAt[k] is { Kind: MentionKind.CountryAdjective or MentionKind.Country or MentionKind.Seat } cm) m.Country ??= cm.Country;
            else if (mentionAt[k] is { Kind: MentionKind.Person or MentionKind.ShortName } owner) m.SideOwner ??= owner;
            else if (!ZoneFillers.Contains(t.Norm) && t.Norm is not ("a" or "an" or "the")) break;
        }
        if (m.TitleKind is not (TitleKind.Source or TitleKind.Other or TitleKind.NonLeader))
        {
            m.SideOwner = null;
        }
    }

    private static bool IsPlural(Title title) =>
        Array.Exists(title.Words, w => w is "presidents" or "ministers" or "leaders" or "chancellors" or "heads");

    private static bool HasCapital(Sentence sentence, int start, int length)
    {
        for (var k = start; k < start + length; k++)
        {
            var t = sentence.Tokens[k];
            if (t.Capitalized) return true;
            var text = sentence.ParagraphText.AsSpan(t.Start, t.Length);
            foreach (var c in text)
            {
                if (char.IsUpper(c)) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A headline in title case ("Putin And Obama May Hold Talks") says nothing by its capitals. Mostly
    /// capitals are not enough: a sentence full of names ("Malawian President Lazarus Chakwera will meet
    /// Kenyan President William Ruto") has them too, but title case capitalises every word of four letters or
    /// more except a few prepositions, so one such word in lower case ("will", "meet") rules it out.
    /// </summary>
    internal static bool IsTitleCase(Token[] tokens)
    {
        int words = 0, caps = 0;
        var lowerLongWord = false;
        foreach (var t in tokens)
        {
            if (!t.IsWord) continue;
            words++;
            if (t.Capitalized) caps++;
            else if (t.Length >= 4 && !TitleCaseLowerWords.Contains(t.Norm)) lowerLongWord = true;
        }
        return words >= 4 && caps * 10 >= words * 7 && !lowerLongWord;
    }

    // Words that headline styles (AP, Chicago) may leave in lower case although they have four letters or more.
    private static readonly FrozenSet<string> TitleCaseLowerWords = FrozenSet.ToFrozenSet(
        ["with", "from", "into", "onto", "upon", "over", "amid", "near", "than", "that", "after", "about", "between", "during", "against", "without"],
        StringComparer.Ordinal);
}
