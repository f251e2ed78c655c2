using FeedWatch.Analysis.Knowledge;

namespace FeedWatch.Analysis.Entities;

/// <summary>
/// Resolves the people of one article: full names to gazetteer persons, unknown titled names to new
/// entities, surnames to the person the article named in full (or the gazetteer's only candidate in
/// office), and roles ("the Russian president") to the office holder, by the article's date.
/// </summary>
internal sealed class ArticleEntities
{
    private readonly Gazetteer _gazetteer;
    private readonly Lexicon _lexicon;
    private readonly Dictionary<Person, Entity> _byPerson = [];
    private readonly Dictionary<string, Entity> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entity>> _byShortKey = new(StringComparer.Ordinal);

    public ArticleEntities(Gazetteer gazetteer, Lexicon lexicon, DateOnly? published)
    {
        _gazetteer = gazetteer;
        _lexicon = lexicon;
        Published = published;
    }

    /// <summary>The article's date, if known.</summary>
    public DateOnly? Published { get; }

    /// <summary>The date used to resolve offices: the published date, or one estimated from the titles the article gives named leaders.</summary>
    public DateOnly? ResolutionDate { get; private set; }

    public IEnumerable<Entity> Entities => _byName.Values;

    public void Resolve(IReadOnlyList<List<Mention>> sentences)
    {
        var all = sentences.SelectMany(s => s).ToList();
        ResolutionDate = Published ?? EstimateDate(all);

        // 1. Full names: known ones first, so that an unknown titled name can turn out to be one of them
        //    ("Xi Jinping" ... "President Jinping").
        foreach (var m in all.Where(m => m.Kind == MentionKind.Person && m.Candidates is { Count: > 0 }))
        {
            m.Entity = EntityFor(Choose(m.Candidates!.Select(c => c.Person)));
            Register(m.Entity, m);
        }
        foreach (var m in all.Where(m => m.Kind == MentionKind.Person && m.Candidates is not { Count: > 0 }))
        {
            m.Entity = _byShortKey.TryGetValue(m.Key, out var same) && same.Count == 1 ? same[0] : EntityForUnknown(m);
            Register(m.Entity, m);
        }

        // 2. Short forms: the person the article named in full, else the only fitting candidate. With two
        //    candidates of one surname, the one named in full most recently (reading order, one pass).
        var commonWords = _lexicon.Class("common-word-name");
        var lastFull = new Dictionary<Entity, int>();
        foreach (var m in all)
        {
            if (m.Kind == MentionKind.Person && m.Entity is { } full) lastFull[full] = m.Sentence.Index;
            if (m.Kind != MentionKind.ShortName) continue;
            if (_byShortKey.TryGetValue(m.Key, out var named) && named.Count > 0)
            {
                m.Entity = named.Count == 1 ? named[0] : named.OrderByDescending(e => lastFull.GetValueOrDefault(e, -1)).First();
                continue;
            }
            if (commonWords.Contains(m.Key) || m.Candidates is not { Count: > 0 }) continue;
            var persons = m.Candidates.Select(c => c.Person).Distinct().ToList();
            // "Crown Prince Salman" is the crown prince, "King Salman" the king.
            if (persons.Count > 1 && m.TitleWords is { } tw && ResolutionDate is { } when)
            {
                var titled = persons.Where(p => p.TermAt(when)?.Title is { } tt && SameTitle(tt, tw)).ToList();
                if (titled.Count == 1) persons = titled;
            }
            var chosen = ChooseByDate(persons);
            if (chosen is not null)
            {
                m.Entity = EntityFor(chosen);
                Register(m.Entity, m);
            }
        }

        // 3. Entity attributes from all their mentions.
        foreach (var m in all.Where(m => m.Entity is not null && m.Kind is MentionKind.Person or MentionKind.ShortName))
        {
            var e = m.Entity!;
            if (e.Known is null)
            {
                if (m.TitleKind == TitleKind.Leader) e.IsLeader = true;
                e.Office ??= m.Office;
                e.Country ??= m.Country?.Name ?? m.SideOwner?.Entity?.Country;
            }
            else if (m.TitleKind == TitleKind.Former && Published is { } date && e.Known.Terms.TrueForAll(t => !t.Covers(date)))
            {
                e.IsLeader = false;
            }
        }

        // 4. Roles: "the Russian president" -> the holder named in the article, else the gazetteer's holder at the date.
        Mention? previousLeader = null;
        foreach (var m in all)
        {
            if (m.Kind == MentionKind.Role && !m.IsCounterpart)
            {
                m.Entity = ResolveRole(m, previousLeader);
            }
            if (m.Entity is { IsLeader: true }) previousLeader = m;
        }
    }

    /// <summary>The capital of a country, from the gazetteer.</summary>
    public string? CapitalOf(string country) => _gazetteer.FindCountry(country)?.Capital;

    /// <summary>The person holding the office a role names, for a counterpart or a role resolved later.</summary>
    public Entity? HolderOf(string country, Office? office, bool anyHead, string? title = null)
    {
        // Someone the article names with that country and office.
        var named = _byName.Values.Where(e => e.IsLeader && e.Country == country && (anyHead ? e.Office is Office.HeadOfState or Office.HeadOfGovernment or Office.OrganisationHead : e.Office == office)).ToList();
        if (named.Count == 1) return named[0];
        if (named.Count > 1) return null;
        if (ResolutionDate is not { } date) return null;
        var offices = anyHead ? new[] { Office.HeadOfState, Office.HeadOfGovernment, Office.OrganisationHead } : [office ?? Office.HeadOfState];
        foreach (var o in offices)
        {
            var holders = _gazetteer.HoldersAt(country, o, date).Distinct().ToList();
            if (holders.Count == 0) continue;
            // "the Iranian president" is the president, not the supreme leader; "the crown prince" not the king.
            if (title is not null && !anyHead)
            {
                var titled = holders.Where(p => p.TermAt(date)?.Title is { } tt && SameTitle(tt, title)).ToList();
                if (titled.Count == 1) return EntityFor(titled[0]);
            }
            // Two heads of state at once (a paramount leader and a nominal one): the paramount title wins.
            var holder = holders.OrderBy(p => TitleRank(p.TermAt(date)?.Title)).First();
            if (holders.Count > 1 && TitleRank(holder.TermAt(date)?.Title) == TitleRank(holders.First(h => h != holder).TermAt(date)?.Title)) continue;
            if (anyHead && o == Office.HeadOfState && IsCeremonial(holder, date)) continue;
            return EntityFor(holder);
        }
        return null;
    }

    private static bool SameTitle(string termTitle, string written)
    {
        var w = written.TrimEnd('s');
        return termTitle.Equals(w, StringComparison.OrdinalIgnoreCase)
            || termTitle.StartsWith(w, StringComparison.OrdinalIgnoreCase) && termTitle.Length > w.Length && termTitle[w.Length] == ' '
            || w is "premier" && termTitle is "Prime Minister" or "Premier";
    }

    private static int TitleRank(string? title) => title switch
    {
        "Supreme Leader" => 0,
        "General Secretary" => 1,
        "Chairman" => 2,
        "President" => 3,
        "Prime Minister" or "Chancellor" or "Premier" => 3,
        "King" or "Queen" or "Emir" or "Sultan" or "Crown Prince" => 4,
        _ => 9,
    };

    private static bool IsCeremonial(Person p, DateOnly date) =>
        p.TermAt(date)?.Title is "King" or "Queen" or "Emperor" or "Grand Duke" or "Governor-General";

    private Entity? ResolveRole(Mention m, Mention? previousLeader)
    {
        if (m.Country is { } country)
        {
            // Several offices share a kind (Iran's president and supreme leader are both heads of state): the title decides.
            var byTitle = m.Office is not null && !m.AnyHead && m.TitleWords is { } tw
                ? _gazetteer.Holders(country.Name, m.Office.Value).Where(h => ResolutionDate is { } d && h.Term.Covers(d) && SameTitle(h.Term.Title, tw)).Select(h => h.Person).Distinct().ToList()
                : [];
            var named = byTitle.Count == 1 && _byPerson.TryGetValue(byTitle[0], out var existing) ? existing : null;
            return named ?? (byTitle.Count == 1 ? EntityFor(byTitle[0]) : HolderOf(country.Name, m.Office, m.AnyHead, m.TitleWords));
        }
        // "the president" with no country: the leader with that office mentioned last.
        if (previousLeader?.Entity is { } e && (m.AnyHead || e.Office == m.Office) && m.Sentence.Index - previousLeader.Sentence.Index <= 3)
        {
            return e;
        }
        return null;
    }

    private Entity EntityFor(Person person)
    {
        if (_byPerson.TryGetValue(person, out var e)) return e;
        var date = ResolutionDate;
        var term = person.TermAt(date);
        e = new Entity(person.Name, person, term is { Country.Length: > 0 } ? term.Country : person.Country)
        {
            IsLeader = person.IsLeaderBy(Published),
            Office = term?.Office,
            Role = person.SourceRole,
        };
        _byPerson[person] = e;
        _byName[person.Name] = e;
        foreach (var key in person.ShortKeys) AddShortKey(key, e);
        return e;
    }

    private Entity EntityForUnknown(Mention m)
    {
        var name = m.Text;
        if (!_byName.TryGetValue(name, out var e))
        {
            e = new Entity(name, null, m.Country?.Name)
            {
                IsLeader = m.TitleKind == TitleKind.Leader,
                Office = m.Office,
                Role = m.TitleKind == TitleKind.Source ? "source" : null,
            };
            _byName[name] = e;
        }
        return e;
    }

    private void Register(Entity e, Mention m)
    {
        // The last word of a name as written is a short form for the rest of the article ("Tobgay").
        var tokens = m.Sentence.Tokens;
        for (var k = m.End - 1; k >= m.Start; k--)
        {
            if (!tokens[k].IsWord || tokens[k].Norm is "jr." or "sr." or "jr" or "sr") continue;
            AddShortKey(PhraseKey.Of(tokens, k, k + 1), e);
            break;
        }
        AddShortKey(m.Key, e);
    }

    private void AddShortKey(string key, Entity e)
    {
        if (key.Length == 0) return;
        if (!_byShortKey.TryGetValue(key, out var list))
        {
            list = [];
            _byShortKey[key] = list;
        }
        if (!list.Contains(e)) list.Add(e);
    }

    private Person Choose(IEnumerable<Person> candidates)
    {
        var list = candidates.Distinct().ToList();
        return list.Count == 1 ? list[0] : ChooseByDate(list) ?? list[0];
    }

    /// <summary>Of several people with one name, the one in office at the date (or, without a date, the only leader).</summary>
    private Person? ChooseByDate(List<Person> persons)
    {
        if (persons.Count == 1) return persons[0];
        if (ResolutionDate is { } date)
        {
            var inOffice = persons.Where(p => p.Terms.Any(t => t.Covers(date))).ToList();
            if (inOffice.Count == 1) return inOffice[0];
            var leadersBy = persons.Where(p => p.IsLeaderBy(date)).ToList();
            if (leadersBy.Count == 1) return leadersBy[0];
            if (leadersBy.Count > 1)
            {
                // The one whose office is nearest the date.
                return leadersBy.OrderBy(p => p.Terms.Min(t => Distance(t, date))).First();
            }
            return null;
        }
        var leaders = persons.Where(p => p.Terms.Count > 0).ToList();
        return leaders.Count == 1 ? leaders[0] : null;
    }

    private static int Distance(Term t, DateOnly date)
    {
        if (t.Covers(date)) return 0;
        if (date < t.From) return t.From.DayNumber - date.DayNumber;
        return date.DayNumber - t.To!.Value.DayNumber;
    }

    /// <summary>
    /// Without a published date, the titles an article gives named leaders date it: "U.S. President
    /// Donald Trump" and "Chinese President Xi Jinping" together mean 2017-2021 or 2025 on. The
    /// latest period all such titles share is taken, at its middle.
    /// </summary>
    private static DateOnly? EstimateDate(List<Mention> all)
    {
        List<(DateOnly From, DateOnly To)>? window = null;
        var horizon = new DateOnly(2026, 11, 30);
        foreach (var m in all)
        {
            if (m.Kind != MentionKind.Person || m.TitleKind != TitleKind.Leader || m.Candidates is not { Count: > 0 } c) continue;
            var person = c[0].Person;
            var terms = person.Terms.Where(t => m.Office is null || t.Office == m.Office).Select(t => (t.From, To: t.To ?? horizon)).ToList();
            if (terms.Count == 0) continue;
            window = window is null ? terms : Intersect(window, terms);
        }
        if (window is not { Count: > 0 }) return null;
        var last = window.OrderBy(w => w.From).Last();
        return DateOnly.FromDayNumber(last.From.DayNumber + (last.To.DayNumber - last.From.DayNumber) / 2);
    }

    private static List<(DateOnly From, DateOnly To)> Intersect(List<(DateOnly From, DateOnly To)> a, List<(DateOnly From, DateOnly To)> b)
    {
        var result = new List<(DateOnly From, DateOnly To)>();
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                var from = x.From > y.From ? x.From : y.From;
                var to = x.To < y.To ? x.To : y.To;
                if (from <= to) result.Add((from, to));
            }
        }
        if (result.Count == 0) return a;
        // Sorted and merged: the list never grows beyond the disjoint periods it describes.
        result.Sort((p, q) => p.From.CompareTo(q.From));
        var merged = new List<(DateOnly From, DateOnly To)> { result[0] };
        foreach (var r in result.Skip(1))
        {
            var last = merged[^1];
            if (r.From <= last.To) merged[^1] = (last.From, r.To > last.To ? r.To : last.To);
            else merged.Add(r);
        }
        return merged;
    }
}
