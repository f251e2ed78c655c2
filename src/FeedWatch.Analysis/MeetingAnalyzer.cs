using FeedWatch.Analysis.Entities;
using FeedWatch.Analysis.Knowledge;
using FeedWatch.Analysis.Meetings;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis;

/// <summary>
/// Reads an article and reports the meetings between leaders it describes: who, where, when, with
/// which status according to whom, and the sentences that say so. A pure function of the article: no
/// I/O, no state between calls, safe to share between threads.
/// </summary>
public sealed class MeetingAnalyzer
{
    /// <summary>Sentences longer than this are read in windows around each trigger: keeps the work linear in the input.</summary>
    private const int MaxClauseTokens = 120;

    /// <summary>At most this many triggers are judged in one sentence (a real sentence has a handful).</summary>
    private const int MaxTriggersPerSentence = 64;

    private static readonly Lazy<MeetingAnalyzer> LazyDefault = new(() => new MeetingAnalyzer());

    private readonly Gazetteer _gazetteer;
    private readonly Lexicon _lexicon;
    private readonly MentionFinder _mentions;
    private readonly TriggerFinder _triggers;
    private readonly Attribution _attribution;
    private readonly ParticipantResolver _participants;
    private readonly WhereFinder _where;

    /// <summary>An analyser over the embedded gazetteer and lexicons.</summary>
    public MeetingAnalyzer()
        : this(Gazetteer.Default, Lexicon.Default)
    {
    }

    internal MeetingAnalyzer(Gazetteer gazetteer, Lexicon lexicon)
    {
        _gazetteer = gazetteer;
        _lexicon = lexicon;
        _mentions = new MentionFinder(gazetteer, lexicon);
        _triggers = new TriggerFinder(lexicon);
        _attribution = new Attribution(lexicon);
        _participants = new ParticipantResolver(lexicon);
        _where = new WhereFinder(lexicon);
    }

    /// <summary>A shared instance (the data is loaded once).</summary>
    public static MeetingAnalyzer Default => LazyDefault.Value;

    /// <summary>Analyses one article.</summary>
    public AnalysisResult Analyze(Article article) => Analyze(article, null);

    /// <summary>Analyses one article and writes, for each trigger word, what the rules decided and why.</summary>
    public AnalysisResult Analyze(Article article, ICollection<string>? trace)
    {
        ArgumentNullException.ThrowIfNull(article);
        var published = article.Published is { } p ? DateOnly.FromDateTime(p.UtcDateTime) : (DateOnly?)null;

        // Reading order: the headline, then the story's paragraphs without the page's furniture.
        var sentences = new List<Sentence>();
        var titles = new List<bool>();
        if (!string.IsNullOrWhiteSpace(article.Title) && Boilerplate.Clean([article.Title]).Count > 0)
        {
            foreach (var s in SentenceSplitter.Split(article.Title.Trim(), -1, sentences.Count))
            {
                sentences.Add(s);
                titles.Add(true);
            }
        }
        var headlines = new List<string> { article.Title.Trim() };
        foreach (var (index, text) in Boilerplate.Clean(article.Paragraphs))
        {
            // Pages repeat the headline over the story or an image ("... During Asia Trip Promo Image"):
            // the same words again are no second report.
            if (headlines.Exists(h => RepeatsHeadline(h, text))) continue;
            var first = sentences.Count;
            foreach (var s in SentenceSplitter.Split(text, index, sentences.Count))
            {
                sentences.Add(s);
                titles.Add(false);
            }
            // A paragraph that reads like a headline (short, no full stop) speaks in headline shorthand.
            if (sentences.Count == first + 1 && LooksLikeHeadline(sentences[first]))
            {
                titles[first] = true;
                headlines.Add(text);
            }
        }
        if (sentences.Count == 0) return AnalysisResult.Empty;

        var mentions = sentences.Select(_mentions.Find).ToList();
        var entities = new ArticleEntities(_gazetteer, _lexicon, published);
        entities.Resolve(mentions);

        var state = new DiscourseState();
        var found = new List<MeetingMention>();
        var events = new List<(int Sentence, string Event, List<Entity> Leaders)>();
        for (var i = 0; i < sentences.Count; i++)
        {
            var context = new SentenceContext(sentences[i], mentions[i], titles[i]) { ArticleDate = published ?? entities.ResolutionDate };
            AnalyseSentence(context, state, entities, found, trace);
            // "Obama and Putin will attend the APEC summit in Beijing": an event the leaders will be at.
            if (context.Mentions.Exists(m => m.ActsAsLeader) && _where.FindEvent(context, new Clause(0, context.Tokens.Length)) is { } evt)
            {
                events.Add((sentences[i].Index, evt, context.Mentions.Where(m => m.ActsAsLeader && m.Entity is not null).Select(m => m.Entity!).ToList()));
            }
        }
        return Assemble(found, published, events);
    }

    /// <summary>The paragraph is a headline again, perhaps with a short label after it ("Promo Image", "Video").</summary>
    private static bool RepeatsHeadline(string title, string paragraph)
    {
        var t = title.Trim();
        if (t.Length < 12 || !paragraph.StartsWith(t, StringComparison.Ordinal)) return false;
        var rest = paragraph.AsSpan(t.Length).Trim();
        if (rest.Length == 0) return true;
        if (rest.Length > 24 || rest.ContainsAny('.', '!', '?')) return false;
        return rest.Count(' ') <= 2;
    }

    private static bool LooksLikeHeadline(Sentence s)
    {
        var tokens = s.Tokens;
        if (tokens.Length == 0 || tokens.Length > 24) return false;
        return !tokens[^1].IsTerminal || MentionFinder.IsTitleCase(tokens);
    }

    private void AnalyseSentence(SentenceContext s, DiscourseState state, ArticleEntities entities, List<MeetingMention> found, ICollection<string>? trace)
    {
        var sentence = s.Sentence;
        if (sentence.Paragraph != state.Paragraph)
        {
            // A new paragraph: a quote goes on only if the paragraph opens inside one.
            if (sentence.Tokens.Length == 0 || !sentence.Tokens[0].IsQuote) state.QuoteSpeaker = null;
            state.Paragraph = sentence.Paragraph;
        }

        if (trace is not null && s.Mentions.Count > 0)
        {
            trace.Add($"[{sentence.Index}] mentions: " + string.Join("; ", s.Mentions.Select(m =>
                $"{m.Kind}:{m.Text}" + (m.Entity is { } e ? $"={e.Name}{(m.ActsAsLeader ? "" : "(not leader)")}" : m.Country is { } c ? $"={c.Name}" : ""))));
        }
        foreach (var (t, rule, reason) in _triggers.Find(s))
        {
            trace?.Add($"[{sentence.Index}] '{sentence.Slice(t.Start, t.End)}' vetoed by {rule}: {reason}");
        }
        Clauses.Split(s);
        var speech = _attribution.Find(s, state.LastSpeaker);
        // A sentence without its own attribution goes on in the voice of the paragraph's last speaker
        // (a quote continued, or a report that goes on: "The meeting is expected to be held ...").
        var quotedSpeaker = speech.Count == 0 ? state.QuoteSpeaker : null;
        // Cues are found once per clause (a long clause: its first stretch here, windows around triggers below);
        // the sentence's cues are all of them.
        var cuesByClause = new Dictionary<Clause, List<CueMatch>>();
        var sentenceCues = new List<CueMatch>();
        foreach (var clause in s.Clauses)
        {
            var scanned = clause.End - clause.Start > MaxClauseTokens ? new Clause(clause.Start, clause.Start + MaxClauseTokens) : clause;
            var matches = new List<CueMatch>();
            _lexicon.Cues.FindAll(s.Tokens, scanned.Start, scanned.End, s.TriggerLength, matches);
            cuesByClause[scanned] = matches;
            sentenceCues.AddRange(matches);
        }
        var rumour = sentenceCues.Exists(c => c.Category == CueCategory.Rumour);

        var madeHere = 0;
        foreach (var t in s.Triggers.Take(MaxTriggersPerSentence))
        {
            var clause = s.ClauseOf(t.Start);
            var window = clause.End - clause.Start > MaxClauseTokens
                ? new Clause(Math.Max(clause.Start, t.Start - MaxClauseTokens / 2), Math.Min(clause.End, t.End + MaxClauseTokens / 2))
                : clause;
            if (!cuesByClause.TryGetValue(window, out var cues))
            {
                cues = [];
                _lexicon.Cues.FindAll(s.Tokens, window.Start, window.End, s.TriggerLength, cues);
                cuesByClause[window] = cues;
            }
            var decision = StatusRules.Decide(new TriggerContext(s, t, window, cues));
            var word = sentence.Slice(t.Start, t.End);
            if (decision is null)
            {
                trace?.Add($"[{sentence.Index}] '{word}': no status cue");
                continue;
            }
            if (decision.Status is not { } status)
            {
                trace?.Add($"[{sentence.Index}] '{word}': not a meeting ({decision.Reason})");
                continue;
            }
            var who = _participants.Resolve(s, t, window, decision.AnchorStart, speech, state, entities);
            if (ParticipantResolver.Sides(who.People) < 2 && who.Groups.Count == 0)
            {
                trace?.Add($"[{sentence.Index}] '{word}' {status} ({decision.Reason}): fewer than two sides ({string.Join(", ", who.People)}){(who.Blocked is null ? "" : $"; not leaders: {who.Blocked}")}");
                if (who.Blocked is not null) state.FocusBlockedAt = sentence.Index;
                continue;
            }

            var act = NearestSpeech(speech, t);
            var speaker = act?.Speaker ?? quotedSpeaker;
            var reason = decision.Reason;
            // A plan that only an outlet or unnamed sources report is a possibility until a side confirms it.
            if (status == MeetingStatus.Planned && (rumour || speaker is { Kind: SpeakerKind.Unnamed, IsAnonymousSource: true } || speaker is { Kind: SpeakerKind.Outlet } && !speech.Exists(a => a.Speaker.Kind == SpeakerKind.Person)))
            {
                status = MeetingStatus.Possible;
                reason += rumour ? "; unconfirmed (rumour, unnamed sources)" : $"; unconfirmed (reported by {speaker!.Name})";
            }
            // Preparations for a meeting with a date are a plan: "Russia was preparing for a meeting ... on May 14".
            if (status == MeetingStatus.Possible && decision.Evidence.StartsWith("prepar", StringComparison.OrdinalIgnoreCase)
                && s.Times.Exists(e => window.Contains(e.Start) && e.Start > t.Start && char.IsDigit(e.Text[^1])))
            {
                status = MeetingStatus.Planned;
                reason += "; dated";
            }
            var (where, evt) = _where.Find(s, t.Start, t.End, window, out var whereIsCountry);
            var when = NearestTime(s, t, window);
            // "postponed his visit until Sunday": called off for now, and set for a new date.
            var rescheduledTo = status == MeetingStatus.Cancelled ? RescheduledTo(s, t, window) : null;
            var groups = who.Groups.Count > 0 ? who.Groups.SelectMany(SplitSides) : SeparateBilaterals(s, t, who) ?? SplitSides(who.People);
            foreach (var group in groups)
            {
                found.Add(new MeetingMention
                {
                    Participants = group,
                    Status = status,
                    Reason = reason,
                    Sentence = sentence,
                    Speaker = speaker,
                    Where = where,
                    WhereIsCountry = whereIsCountry,
                    Event = evt,
                    When = when,
                    Named = who.Named,
                    TriggerIndex = t.Start,
                });
                if (rescheduledTo is not null)
                {
                    found.Add(new MeetingMention
                    {
                        Participants = group,
                        Status = MeetingStatus.Planned,
                        Reason = $"rescheduled: \"{rescheduledTo.Text}\"",
                        Sentence = sentence,
                        Speaker = speaker,
                        Where = where,
                        Event = evt,
                        When = rescheduledTo,
                        Named = who.Named,
                        TriggerIndex = t.Start,
                    });
                }
            }
            // "the second meeting between Marcos and Xi", "their first meeting since 2010": an earlier meeting took place.
            if (ImpliedEarlierMeeting(s, t) is { } implied && status != MeetingStatus.Held)
            {
                foreach (var group in SplitSides(who.People))
                {
                    found.Add(new MeetingMention
                    {
                        Participants = group,
                        Status = MeetingStatus.Held,
                        Reason = $"implied: \"{implied.Text}\"",
                        Sentence = sentence,
                        Speaker = speaker,
                        When = implied.When,
                        Named = who.Named,
                        TriggerIndex = t.Start,
                    });
                }
            }
            madeHere++;
            trace?.Add($"[{sentence.Index}] '{word}' -> {status} [{string.Join(", ", who.People)}] by {speaker?.Name ?? "-"} ({reason})");
            if (status != MeetingStatus.Held || state.Focus.Count == 0) state.SetFocus(who.People);
        }

        // "Peskov denied the rumors": a denial with no trigger points back at the meeting under discussion.
        if (madeHere == 0 && state.Focus.Count >= 2 && state.FocusIsMeeting)
        {
            // "... said that nothing is decided yet on the issue": the meeting under discussion stays open.
            var back = sentenceCues.FirstOrDefault(c => c.Category is CueCategory.DenyReport or CueCategory.OpenReport);
            if (back.Pattern is not null)
            {
                var backStatus = back.Category == CueCategory.DenyReport ? MeetingStatus.Denied : MeetingStatus.Possible;
                var speaker = NearestSpeech(speech, new Trigger(back.Start, 1, null!))?.Speaker ?? quotedSpeaker;
                found.Add(new MeetingMention
                {
                    Participants = [.. state.Focus],
                    Status = backStatus,
                    Reason = $"{(back.Category == CueCategory.DenyReport ? "deny-report" : "open-report")}: \"{sentence.Slice(back.Start, back.End)}\"",
                    Sentence = sentence,
                    Speaker = speaker,
                    Named = 0,
                });
                trace?.Add($"[{sentence.Index}] points back at the meeting under discussion -> {backStatus} [{string.Join(", ", state.Focus)}]");
            }
        }

        foreach (var m in s.Mentions)
        {
            if (m.ActsAsLeader && m.Entity is { } e)
            {
                state.LastLeader = e;
                state.Recent.Add(e);
            }
        }
        // Before any meeting is found, two leaders of different sides named together are the pair under discussion.
        if (state.Focus.Count == 0)
        {
            var named = s.Mentions.Where(m => m.ActsAsLeader && m.Entity is not null).Select(m => m.Entity!).Distinct().ToList();
            if (ParticipantResolver.Sides(named) == 2 && named.Count == 2) state.SetFocus(named, meeting: false);
        }
        var subject = s.Mentions.FirstOrDefault(m => m.ActsAsLeader && m.Entity is not null && m.ZoneStart <= 6 && !m.IsPossessive);
        if (subject is not null) state.LastSubject = subject.Entity;
        if (speech.Count > 0)
        {
            state.LastSpeaker = speech[^1].Speaker;
            state.QuoteSpeaker = speech[^1].Speaker;
        }
    }

    private sealed record Implied(string Text, TimeExpression? When);

    /// <summary>"a second summit", "his fourth meeting", "the first meeting ... since 2010": words that say an earlier meeting took place.</summary>
    private static Implied? ImpliedEarlierMeeting(SentenceContext s, Trigger t)
    {
        var sentence = s.Sentence;
        var tokens = sentence.Tokens;
        for (var k = Math.Max(0, t.Start - 4); k < t.Start; k++)
        {
            if (tokens[k].Norm is "second" or "third" or "fourth" or "fifth" or "sixth" or "2nd" or "3rd" or "4th" or "5th")
            {
                return new Implied(sentence.Slice(k, t.End), null);
            }
            if (tokens[k].Norm == "first")
            {
                // "the first meeting between the two men since 2010"
                foreach (var e in s.Times)
                {
                    if (e.Start > t.Start && e.Start - t.End < 12 && e.Start > 0 && tokens[e.Start - 1].Norm == "since") return new Implied(sentence.Slice(k, e.End), e);
                }
            }
        }
        return null;
    }

    /// <summary>"postponed ... until Sunday", "delayed to next week": the new date of a postponed meeting.</summary>
    private static TimeExpression? RescheduledTo(SentenceContext s, Trigger t, Clause window)
    {
        foreach (var e in s.Times)
        {
            if (e.Start <= t.Start || e.Start >= window.End || e.Start == 0) continue;
            var before = s.Tokens[e.Start - 1].Norm;
            if (before is "until" or "till" or "to") return e;
        }
        return null;
    }

    private static bool IsReportDate(SentenceContext s, TimeExpression e)
    {
        var k = e.Start - 1;
        if (k >= 0 && s.Tokens[k].Norm == "on") k--;
        for (var j = k; j >= 0 && j >= k - 3; j--)
        {
            if (s.Tokens[j].Norm is "said" or "says" or "told" or "announced" or "reported" or "quoted" or "added" or "stated" or "confirmed" or "denied" or "tweeted" or "wrote") return true;
            if (s.TriggerLength[j] > 0) return false;
        }
        return false;
    }

    private static SpeechAct? NearestSpeech(List<SpeechAct> speech, Trigger t)
    {
        SpeechAct? best = null;
        foreach (var a in speech)
        {
            if (best is null || Math.Abs(a.Verb - t.Start) < Math.Abs(best.Verb - t.Start)) best = a;
        }
        return best;
    }

    private static TimeExpression? NearestTime(SentenceContext s, Trigger t, Clause window)
    {
        TimeExpression? best = null;
        var bestDistance = int.MaxValue;
        foreach (var e in s.Times)
        {
            if (e.Start < window.Start || e.Start >= window.End) continue;
            // "officials said Friday", "quoted unnamed sources on Friday": the day of the report, not of the meeting.
            if (IsReportDate(s, e)) continue;
            var d = e.Start >= t.End ? e.Start - t.End : t.Start - e.End + 3;
            if (d < bestDistance)
            {
                best = e;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>
    /// "Modi held bilateral meetings with Putin and Xi" are two meetings, Modi-Putin and Modi-Xi, not one
    /// of three: a plural or "bilateral"/"separate" trigger with one subject and several others.
    /// </summary>
    private static IEnumerable<List<Entity>>? SeparateBilaterals(SentenceContext s, Trigger t, Participants who)
    {
        if (who.Subjects.Count != 1 || who.People.Count < 3) return null;
        var tokens = s.Tokens;
        var plural = tokens[t.Start].Norm is "meetings" or "bilaterals" or "summits";
        var separate = false;
        for (var k = Math.Max(0, t.Start - 2); k < t.Start; k++)
        {
            if (tokens[k].Norm is "bilateral" or "separate" or "one-on-one" or "individual") separate = true;
        }
        // "met Fernandez in Buenos Aires, and with Biden in Washington": each counterpart has its own "with"
        // (a direct object counts as the first).
        var withs = t.End < tokens.Length && tokens[t.End].Norm != "with" && s.MentionAt[t.End] is not null ? 1 : 0;
        for (var k = t.End; k < tokens.Length; k++)
        {
            if (tokens[k].Norm == "with") withs++;
        }
        // One subject meeting three or more leaders of different countries: a round of bilaterals, not a summit.
        var others = who.People.Where(p => p != who.Subjects[0]).ToList();
        var many = others.Select(p => p.Country).Distinct().Count() >= 3;
        if (!plural && !separate && withs < 2 && !many) return null;
        var subject = who.Subjects[0];
        return who.People.Where(p => p != subject).Select(p => new List<Entity> { subject, p });
    }

    /// <summary>
    /// A leader and his own foreign minister are one side: "Pompeo's meetings with Merkel and Maas" are a
    /// Pompeo-Merkel and a Pompeo-Maas meeting, as the labelling guide has it. Three or more sides stay one meeting.
    /// </summary>
    private static IEnumerable<List<Entity>> SplitSides(List<Entity> people)
    {
        var sides = people.GroupBy(p => p.Country ?? p.Name).ToList();
        if (sides.Count != 2 || sides.TrueForAll(g => g.Count() == 1))
        {
            yield return people;
            yield break;
        }
        foreach (var a in sides[0])
        {
            foreach (var b in sides[1]) yield return [a, b];
        }
    }

    private static AnalysisResult Assemble(List<MeetingMention> found, DateOnly? published, List<(int Sentence, string Event, List<Entity> Leaders)> events)
    {
        if (found.Count == 0) return AnalysisResult.Empty;
        // Groups in order of first mention, found by key in one lookup.
        var groups = new List<(string Key, List<MeetingMention> Mentions)>();
        var groupOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in found)
        {
            var key = string.Join("|", m.Participants.Select(p => p.Name).Order(StringComparer.Ordinal)) + (m.Status == MeetingStatus.Held ? "#held" : "#ahead");
            if (!groupOf.TryGetValue(key, out var g))
            {
                groupOf[key] = groups.Count;
                groups.Add((key, [m]));
            }
            else groups[g].Mentions.Add(m);
        }

        var meetings = new List<MeetingReport>();
        foreach (var (_, all) in groups)
        {
            // A plan a side confirms supersedes the rumours of it: the unconfirmed "will meet" reports are not a separate possibility.
            var confirmed = all.Exists(m => m.Status == MeetingStatus.Planned);
            var list = confirmed ? all.Where(m => !(m.Status == MeetingStatus.Possible && IsRumour(m))).ToList() : all;
            var participants = list[0].Participants.Select(p => p.Name).ToList();
            var statuses = list.Select(m => m.Status).Distinct().Order().ToList();
            // Place and time come from the statements that say most: a city over a country, the narrowest date
            // over a vaguer one, then the statement naming most participants, then reading order.
            var ordered = list.OrderByDescending(m => m.Named).ThenBy(m => m.Sentence.Index).ToList();
            var where = ordered.Where(m => m.Where is not null).OrderBy(m => m.WhereIsCountry).Select(m => m.Where).FirstOrDefault();
            var evt = ordered.Select(m => m.Event).FirstOrDefault(e => e is not null)
                ?? (statuses.Contains(MeetingStatus.Held) ? null : NearbyEvent(events, list, participants: list[0].Participants));
            var (timed, date) = MostPreciseWhen(ordered, published);
            var claims = new List<Claim>();
            var seen = new HashSet<(MeetingStatus, string)>();
            foreach (var m in list)
            {
                var text = m.Sentence.Text;
                if (!seen.Add((m.Status, text))) continue;
                claims.Add(new Claim(m.Status, m.Speaker?.Name, m.Speaker?.Side, text, m.Reason,
                    new EvidenceSpan(m.Sentence.Paragraph, m.Sentence.Start, m.Sentence.End - m.Sentence.Start)));
            }
            meetings.Add(new MeetingReport(participants, statuses, where, evt, timed?.When?.Text, date, claims, Confidence(list)));
        }
        var relevant = meetings.Exists(m => m.Statuses.Any(s => s != MeetingStatus.Held));
        return new AnalysisResult(relevant, meetings);
    }

    /// <summary>The time expression that pins the meeting down best: the shortest resolved range, else the first one found.</summary>
    private static (MeetingMention? Mention, DateRange? Date) MostPreciseWhen(List<MeetingMention> ordered, DateOnly? published)
    {
        MeetingMention? best = null;
        DateRange? bestDate = null;
        foreach (var m in ordered)
        {
            if (m.When is not { } when) continue;
            var reference = published ?? (when.ExplicitYear is { } y ? new DateOnly(y, 1, 1) : (DateOnly?)null);
            var date = reference is { } r ? when.Resolve(r, m.Status == MeetingStatus.Held) : null;
            if (best is null) { best = m; bestDate = date; continue; }
            if (date is { } d && (bestDate is null || d.End.DayNumber - d.Start.DayNumber < bestDate.Value.End.DayNumber - bestDate.Value.Start.DayNumber))
            {
                best = m;
                bestDate = d;
            }
        }
        return (best, bestDate);
    }

    /// <summary>An event the participants are said to attend within two sentences of a statement about the meeting.</summary>
    private static string? NearbyEvent(List<(int Sentence, string Event, List<Entity> Leaders)> events, List<MeetingMention> list, List<Entity> participants)
    {
        if (events.Count == 0) return null;
        // One pass over each list (a long article has thousands of both).
        var statementSentences = new HashSet<int>();
        foreach (var m in list) statementSentences.Add(m.Sentence.Index);
        foreach (var (sentence, evt, leaders) in events)
        {
            WorkMeter.Step();
            var near = false;
            for (var d = -2; d <= 2 && !near; d++) near = statementSentences.Contains(sentence + d);
            if (near && leaders.Exists(participants.Contains)) return evt;
        }
        return null;
    }

    /// <summary>A possibility that rests only on reports and rumours, not on a side saying so.</summary>
    private static bool IsRumour(MeetingMention m) =>
        m.Reason.Contains("unconfirmed", StringComparison.Ordinal)
        || m.Reason.Contains("report", StringComparison.OrdinalIgnoreCase) || m.Reason.Contains("rumo", StringComparison.OrdinalIgnoreCase)
        || m.Reason.Contains("speculat", StringComparison.OrdinalIgnoreCase)
        || m.Speaker is { Kind: SpeakerKind.Outlet or SpeakerKind.Unnamed };

    /// <summary>
    /// How sure the analyser is: named participants and several independent statements raise it; a
    /// meeting pieced together from "the two leaders" and "such a meeting" alone lowers it.
    /// </summary>
    private static double Confidence(List<MeetingMention> mentions)
    {
        var named = mentions.Max(m => Math.Min(m.Named, 2)) / 2.0;
        var statements = mentions.Select(m => m.Sentence.Index).Distinct().Count();
        var attributed = mentions.Exists(m => m.Speaker is { Kind: SpeakerKind.Person or SpeakerKind.Office or SpeakerKind.Country });
        var score = 0.45 + 0.3 * named + Math.Min(3, statements - 1) * 0.06 + (attributed ? 0.05 : 0);
        return Math.Round(Math.Clamp(score, 0.05, 0.99), 2);
    }
}
