using System.Globalization;

namespace FeedWatch.Analysis.Knowledge;

/// <summary>The kind of office that makes a person a leader.</summary>
internal enum Office
{
    HeadOfState,
    HeadOfGovernment,
    ForeignMinister,
    OrganisationHead,
}

/// <summary>One term in one office.</summary>
internal sealed record Term(string Title, Office Office, DateOnly From, DateOnly? To)
{
    /// <summary>The country or organisation of this office (a person may serve two: Kaja Kallas, Estonia then the EU).</summary>
    public string Country { get; init; } = string.Empty;

    public bool Covers(DateOnly date) => date >= From && (To is null || date <= To.Value);
}

/// <summary>A person the analyser knows: a leader (with terms of office) or a source (spokesperson, adviser).</summary>
internal sealed class Person(string name, string country)
{
    private static int s_next;
    private readonly int _hash = Interlocked.Increment(ref s_next);

    // Identity equality with a precomputed hash (people key dictionaries per article).
    public override int GetHashCode() => _hash;

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public string Name { get; } = name;

    /// <summary>The country or organisation the person speaks for.</summary>
    public string Country { get; set; } = country;

    public List<Term> Terms { get; } = [];

    /// <summary>The short forms the person goes by, as phrase keys ("putin", "zelenskyy").</summary>
    public HashSet<string> ShortKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Set for spokespeople, advisers, envoys: people who speak for a side but are not leaders.</summary>
    public string? SourceRole { get; set; }

    /// <summary>True when the person held a leader's office at some time up to <paramref name="date"/> (or ever, without a date).</summary>
    public bool IsLeaderBy(DateOnly? date)
    {
        if (Terms.Count == 0) return false;
        if (date is null) return true;
        var limit = date.Value.AddDays(45);
        foreach (var t in Terms)
        {
            if (t.From <= limit) return true;
        }
        return false;
    }

    /// <summary>The term that covers <paramref name="date"/>, or the latest one begun before it.</summary>
    public Term? TermAt(DateOnly? date)
    {
        if (Terms.Count == 0) return null;
        if (date is null) return Terms[^1];
        Term? best = null;
        foreach (var t in Terms)
        {
            if (t.Covers(date.Value)) return t;
            if (t.From <= date.Value && (best is null || t.From > best.From)) best = t;
        }
        return best;
    }

    public override string ToString() => Name;
}

/// <summary>A country or an international organisation.</summary>
internal sealed class Country(string name)
{
    public string Name { get; } = name;
    public string? Capital { get; set; }
    public bool IsOrganisation { get; set; }
    public override string ToString() => Name;
}

/// <summary>A city, region or venue.</summary>
internal sealed record Place(string Name, string? Country, string Kind);

/// <summary>A news outlet.</summary>
internal sealed record Outlet(string Name, string? Country);

/// <summary>Anything the gazetteer can name, for the one lookup a token needs: a name form, an outlet, a seat, a country (by name or adjective), a place.</summary>
internal sealed record Known(KnownKind Kind, NameForm? Name = null, Outlet? Outlet = null, Country? Country = null, Place? Place = null);

/// <summary>What a known phrase is, in the order of precedence when one phrase is several things.</summary>
internal enum KnownKind { Name, Outlet, Seat, CountryName, CountryAdjective, Place }

/// <summary>A name form of a person: a full name, or the short form news uses after the first mention.</summary>
internal sealed record NameForm(Person Person, bool IsShort);

/// <summary>
/// Everything the analyser knows about the world, loaded once from the data files embedded in this
/// assembly (Data/README.md describes them): leaders and their terms, sources, countries, places,
/// outlets. Immutable after loading and shared by every analysis.
/// </summary>
internal sealed class Gazetteer
{
    private static readonly Lazy<Gazetteer> LazyDefault = new(() => Load(Embedded.Read), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly string[] OrganisationNames = ["United Nations", "NATO", "European Union", "African Union", "ASEAN"];

    private readonly Dictionary<string, Person> _people = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Country> _countries = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Country, Office Office), List<(Person Person, Term Term)>> _holders = [];

    public static Gazetteer Default => LazyDefault.Value;

    public PhraseIndex<NameForm> Names { get; } = new();
    public PhraseIndex<Country> CountryNames { get; } = new();
    public PhraseIndex<Country> CountryAdjectives { get; } = new();
    public PhraseIndex<Country> Seats { get; } = new();
    public PhraseIndex<Place> Places { get; } = new();
    public PhraseIndex<Outlet> Outlets { get; } = new();

    /// <summary>All of the above in one index: one lookup per token finds the longest known phrase of any kind.</summary>
    public PhraseIndex<Known> All { get; } = new();

    public IEnumerable<Person> People => _people.Values;

    /// <summary>Every word that starts a name, country, seat, outlet or place: most tokens are not, and are skipped at once.</summary>
    public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AnyFirstKey { get; private set; }

    public Country? FindCountry(string name) => _countries.GetValueOrDefault(name);

    /// <summary>Who held <paramref name="office"/> for <paramref name="country"/> on <paramref name="date"/>.</summary>
    public IEnumerable<Person> HoldersAt(string country, Office office, DateOnly date)
    {
        if (!_holders.TryGetValue((country, office), out var list)) yield break;
        foreach (var (person, term) in list)
        {
            if (term.Covers(date)) yield return person;
        }
    }

    /// <summary>Everyone who ever held <paramref name="office"/> for <paramref name="country"/>, with the terms.</summary>
    public IReadOnlyList<(Person Person, Term Term)> Holders(string country, Office office) =>
        _holders.TryGetValue((country, office), out var list) ? list : [];

    internal static Gazetteer Load(Func<string, IEnumerable<(string Name, string Text)>> files)
    {
        var g = new Gazetteer();
        foreach (var (_, text) in files("countries.tsv")) g.LoadCountries(text);
        foreach (var org in OrganisationNames)
        {
            if (g._countries.TryGetValue(org, out var c)) c.IsOrganisation = true;
        }
        foreach (var (name, text) in files("leaders-")) g.LoadLeaders(name, text);
        foreach (var (_, text) in files("sources.tsv")) g.LoadSources(text);
        foreach (var (_, text) in files("places.tsv")) g.LoadPlaces(text);
        foreach (var list in g._holders.Values) list.Sort((a, b) => a.Term.From.CompareTo(b.Term.From));
        g.All.Merge(g.Names, n => new Known(KnownKind.Name, Name: n));
        g.All.Merge(g.Outlets, o => new Known(KnownKind.Outlet, Outlet: o));
        g.All.Merge(g.Seats, c => new Known(KnownKind.Seat, Country: c));
        g.All.Merge(g.CountryNames, c => new Known(KnownKind.CountryName, Country: c));
        g.All.Merge(g.CountryAdjectives, c => new Known(KnownKind.CountryAdjective, Country: c));
        g.All.Merge(g.Places, p => new Known(KnownKind.Place, Place: p));
        var first = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keys in new[] { g.Names.FirstKeys, g.CountryNames.FirstKeys, g.CountryAdjectives.FirstKeys, g.Seats.FirstKeys, g.Places.FirstKeys, g.Outlets.FirstKeys })
        {
            first.UnionWith(keys);
        }
        g.AnyFirstKey = first.GetAlternateLookup<ReadOnlySpan<char>>();
        return g;
    }

    private static string[] List(string cell) =>
        cell.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Country GetOrAddCountry(string name)
    {
        if (!_countries.TryGetValue(name, out var c))
        {
            c = new Country(name);
            _countries[name] = c;
            CountryNames.Add(name, c);
        }
        return c;
    }

    private void LoadCountries(string text)
    {
        foreach (var (cells, _) in Tsv.Rows(text, 5, "countries.tsv"))
        {
            var c = GetOrAddCountry(cells[0]);
            foreach (var alias in List(cells[1])) CountryNames.Add(alias, c);
            foreach (var adjective in List(cells[2])) CountryAdjectives.Add(adjective, c);
            foreach (var capital in List(cells[3]))
            {
                c.Capital ??= capital;
                Places.Add(capital, new Place(capital, c.Name, "city"));
            }
            foreach (var seat in List(cells[4])) Seats.Add(seat, c);
        }
    }

    private void LoadLeaders(string file, string text)
    {
        foreach (var (cells, _) in Tsv.Rows(text, 6, file))
        {
            var person = GetOrAddPerson(cells[0], cells[3]);
            var title = cells[4];
            var from = ParseDate(cells[5], file);
            var to = cells.Length > 6 && cells[6].Length > 0 ? ParseDate(cells[6], file) : (DateOnly?)null;
            var country = GetOrAddCountry(cells[3]);
            var office = OfficeOf(title, country);
            var term = new Term(title, office, from, to) { Country = country.Name };
            person.Terms.Add(term);
            if (!_holders.TryGetValue((country.Name, office), out var holders))
            {
                holders = [];
                _holders[(country.Name, office)] = holders;
            }
            holders.Add((person, term));
            foreach (var full in List(cells[0]).Concat(List(cells[1])))
            {
                foreach (var variant in Variants(full)) Names.Add(variant, new NameForm(person, false));
            }
            foreach (var shortForm in List(cells[2]))
            {
                Names.Add(shortForm, new NameForm(person, true));
                person.ShortKeys.Add(PhraseKey.Of(shortForm));
            }
        }
    }

    private void LoadSources(string text)
    {
        foreach (var (cells, _) in Tsv.Rows(text, 5, "sources.tsv"))
        {
            if (string.Equals(cells[3], "media", StringComparison.OrdinalIgnoreCase))
            {
                var outlet = new Outlet(cells[0], cells[4].Length > 0 ? cells[4] : null);
                Outlets.Add(cells[0], outlet);
                foreach (var alias in List(cells[1])) Outlets.Add(alias, outlet);
                continue;
            }
            var person = GetOrAddPerson(cells[0], cells[2]);
            person.SourceRole ??= cells[3];
            Names.Add(cells[0], new NameForm(person, false));
            foreach (var alias in List(cells[1]))
            {
                // A one-word alias of a source is its short form ("Peskov").
                var isShort = !alias.Contains(' ', StringComparison.Ordinal);
                Names.Add(alias, new NameForm(person, isShort));
                if (isShort) person.ShortKeys.Add(PhraseKey.Of(alias));
            }
        }
    }

    private void LoadPlaces(string text)
    {
        foreach (var (cells, _) in Tsv.Rows(text, 4, "places.tsv"))
        {
            var place = new Place(cells[0], cells[2].Length > 0 ? cells[2] : null, cells[3]);
            Places.Add(cells[0], place);
            foreach (var alias in List(cells[1])) Places.Add(alias, place);
        }
    }

    /// <summary>A name as written, and without the patronymic particle news often drops ("Mohammed Salman" for "Mohammed bin Salman").</summary>
    private static IEnumerable<string> Variants(string name)
    {
        yield return name;
        foreach (var particle in new[] { " bin ", " ibn ", " bint " })
        {
            var at = name.IndexOf(particle, StringComparison.OrdinalIgnoreCase);
            if (at > 0) yield return string.Concat(name.AsSpan(0, at), " ", name.AsSpan(at + particle.Length));
        }
    }

    private Person GetOrAddPerson(string name, string country)
    {
        if (!_people.TryGetValue(name, out var p))
        {
            p = new Person(name, country);
            _people[name] = p;
        }
        return p;
    }

    private static DateOnly ParseDate(string text, string file)
    {
        // Month precision ("2014-06") is allowed and means the first of the month.
        var formats = new[] { "yyyy-MM-dd", "yyyy-MM", "yyyy" };
        if (DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        throw new FormatException($"{file}: '{text}' is not a date (yyyy-mm-dd).");
    }

    internal static Office OfficeOf(string title, Country country)
    {
        var t = title.ToLowerInvariant();
        if (country.IsOrganisation) return t.Contains("high representative", StringComparison.Ordinal) ? Office.ForeignMinister : Office.OrganisationHead;
        if (t.Contains("foreign", StringComparison.Ordinal) || t.Contains("secretary of state", StringComparison.Ordinal)
            || t.Contains("external affairs", StringComparison.Ordinal))
        {
            return Office.ForeignMinister;
        }
        if (t.Contains("prime minister", StringComparison.Ordinal) || t.Contains("premier", StringComparison.Ordinal)
            || t.Contains("chancellor", StringComparison.Ordinal) || t.Contains("crown prince", StringComparison.Ordinal)
            || t.Contains("head of government", StringComparison.Ordinal) || t.Contains("taoiseach", StringComparison.Ordinal))
        {
            return Office.HeadOfGovernment;
        }
        return Office.HeadOfState;
    }
}
