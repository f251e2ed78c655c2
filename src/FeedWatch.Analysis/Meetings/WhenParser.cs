using System.Globalization;
using FeedWatch.Analysis.Text;

namespace FeedWatch.Analysis.Meetings;

/// <summary>A time expression found in a sentence, with how to turn it into dates.</summary>
internal sealed record TimeExpression(int Start, int End, string Text, Func<DateOnly, bool, DateRange?> Resolve)
{
    /// <summary>True for expressions that only make sense in the past ("last June", "yesterday").</summary>
    public bool IsPast { get; init; }

    /// <summary>True for expressions that only make sense ahead ("next week", "tomorrow").</summary>
    public bool IsFuture { get; init; }

    /// <summary>The year the expression names itself, if any ("July 5, 2024", "in 2008").</summary>
    public int? ExplicitYear { get; init; }
}

/// <summary>
/// Finds dates and periods in a sentence ("Feb. 4-5", "end of May", "next week", "this September",
/// "Monday, May 23") and resolves them against the article's date. A resolver is told whether the
/// meeting is past (held) or ahead, which decides between last Friday and next Friday, and between
/// this year's March and next year's.
/// </summary>
internal static class WhenParser
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["january"] = 1, ["jan."] = 1, ["jan"] = 1, ["february"] = 2, ["feb."] = 2, ["feb"] = 2, ["march"] = 3, ["mar."] = 3,
        ["april"] = 4, ["apr."] = 4, ["apr"] = 4, ["may"] = 5, ["june"] = 6, ["jun."] = 6, ["jun"] = 6, ["july"] = 7, ["jul."] = 7,
        ["jul"] = 7, ["august"] = 8, ["aug."] = 8, ["aug"] = 8, ["september"] = 9, ["sept."] = 9, ["sep."] = 9, ["sept"] = 9, ["sep"] = 9,
        ["october"] = 10, ["oct."] = 10, ["oct"] = 10, ["november"] = 11, ["nov."] = 11, ["nov"] = 11, ["december"] = 12,
        ["dec."] = 12, ["dec"] = 12,
    };

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.Ordinal)
    {
        ["monday"] = DayOfWeek.Monday, ["tuesday"] = DayOfWeek.Tuesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday, ["friday"] = DayOfWeek.Friday, ["saturday"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday,
    };

    private static readonly Dictionary<string, int> SmallNumbers = new(StringComparer.Ordinal)
    {
        ["a"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["few"] = 3, ["several"] = 3, ["couple"] = 2,
    };

    public static List<TimeExpression> Find(Sentence sentence)
    {
        var tokens = sentence.Tokens;
        var found = new List<TimeExpression>();
        for (var i = 0; i < tokens.Length; i++)
        {
            var e = TryAt(sentence, i);
            if (e is null) continue;
            found.Add(e);
            i = e.End - 1;
        }
        return found;
    }

    // Words a time expression can start with (besides numbers and months): a quick test before nine parsers.
    private static readonly HashSet<string> Starters = new(StringComparer.Ordinal)
    {
        "today", "tonight", "tomorrow", "yesterday", "later", "early", "earlier", "late", "this", "next", "last", "coming",
        "the", "mid", "middle", "end", "beginning", "start", "in", "within", "over",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    };

    private static TimeExpression? TryAt(Sentence s, int i)
    {
        var t = s.Tokens;
        var norm = t[i].Norm;
        if (!Starters.Contains(norm) && !Months.ContainsKey(norm) && t[i].Kind != TokenKind.Number && !char.IsDigit(norm[0])
            && !norm.StartsWith("mid-", StringComparison.Ordinal))
        {
            return null;
        }
        return TryIso(s, i) ?? TryMonthDay(s, i) ?? TryDayMonth(s, i) ?? TryPartOfMonth(s, i) ?? TryRelative(s, i)
            ?? TryWeekday(s, i) ?? TryComing(s, i) ?? TryMonthAlone(s, i) ?? TryYear(s, i, norm, t);
    }

    private static TimeExpression Make(Sentence s, int start, int end, Func<DateOnly, bool, DateRange?> resolve, bool past = false, bool future = false, int? year = null) =>
        new(start, end, s.Slice(start, end), resolve) { IsPast = past, IsFuture = future, ExplicitYear = year };

    private static bool IsMonth(Sentence s, int i, out int month)
    {
        month = 0;
        if (i >= s.Tokens.Length || !s.Tokens[i].IsWord) return false;
        var norm = s.Tokens[i].Norm;
        if (!Months.TryGetValue(norm, out month)) return false;
        // "may" is a month only with a capital and a date around it; "march" only with a capital.
        if (norm is "may" or "march")
        {
            if (!s.Tokens[i].Capitalized) return false;
            var prev = i > 0 ? s.Tokens[i - 1].Norm : "";
            var next = i + 1 < s.Tokens.Length ? s.Tokens[i + 1] : default;
            var dated = next.Kind == TokenKind.Number || prev is "in" or "of" or "early" or "late" or "mid" or "end" or "since" or "until" or "from" or "by" or "before" or "after" or "this" or "next" or "last" or "during" or "on";
            if (!dated) return false;
        }
        return true;
    }

    private static bool IsDay(Token t, out int day, out int dayEnd)
    {
        day = dayEnd = 0;
        var text = t.Norm;
        if (text.Length == 0 || !char.IsDigit(text[0])) return false;
        if (text.Length > 2 && char.IsDigit(text[^3]) && text[^2..] is "st" or "nd" or "rd" or "th") text = text[..^2];
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            if (!int.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out day)) return false;
            if (!int.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out dayEnd)) return false;
            return day is >= 1 and <= 31 && dayEnd >= day && dayEnd <= 31;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out day)) return false;
        dayEnd = day;
        return day is >= 1 and <= 31 && text.Length <= 2;
    }

    private static bool IsYear(Token t, out int year)
    {
        year = 0;
        return t.Kind == TokenKind.Number && t.Length == 4 && int.TryParse(t.Norm, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 2100;
    }

    private static TimeExpression? TryIso(Sentence s, int i)
    {
        var norm = s.Tokens[i].Norm;
        if (norm.Length == 10 && DateOnly.TryParseExact(norm, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return Make(s, i, i + 1, (_, _) => new DateRange(d, d), year: d.Year);
        }
        return null;
    }

    // "Feb. 4-5", "July 16", "Sept. 3", "February 27 and 28", "Dec. 12 to 13", "March 26-31", "May 25 to May 27", "July 5, 2024"
    private static TimeExpression? TryMonthDay(Sentence s, int i)
    {
        var t = s.Tokens;
        if (!IsMonth(s, i, out var month) || i + 1 >= t.Length || !IsDay(t[i + 1], out var day, out var dayEnd)) return null;
        var end = i + 2;
        var endMonth = month;
        // A second day: "27 and 28", "12 to 13", "25 to May 27", "4 - 5"
        if (end + 1 < t.Length && t[end].Norm is "and" or "to" or "through" or "-" or "until")
        {
            if (IsDay(t[end + 1], out var d2, out _) && d2 >= day) { dayEnd = d2; end += 2; }
            else if (end + 2 < t.Length && IsMonth(s, end + 1, out var m2) && IsDay(t[end + 2], out var d3, out _)) { endMonth = m2; dayEnd = d3; end += 3; }
        }
        int? year = null;
        var k = end;
        if (k < t.Length && t[k].Norm == ",") k++;
        if (k < t.Length && IsYear(t[k], out var y)) { year = y; end = k + 1; }
        var (m1, d1, mE, dE) = (month, day, endMonth, dayEnd);
        return Make(s, i, end, (reference, past) => Range(reference, past, year, m1, d1, mE, dE), year: year);
    }

    // "16 July", "12 September 2014", "10 November"
    private static TimeExpression? TryDayMonth(Sentence s, int i)
    {
        var t = s.Tokens;
        if (!IsDay(t[i], out var day, out var dayEnd) || t[i].Kind == TokenKind.Word && !char.IsDigit(t[i].Norm[0])) return null;
        if (i + 1 >= t.Length || !IsMonth(s, i + 1, out var month)) return null;
        var end = i + 2;
        int? year = null;
        var k = end;
        if (k < t.Length && t[k].Norm == ",") k++;
        if (k < t.Length && IsYear(t[k], out var y)) { year = y; end = k + 1; }
        var (m1, d1, dE) = (month, day, dayEnd);
        return Make(s, i, end, (reference, past) => Range(reference, past, year, m1, d1, m1, dE), year: year);
    }

    // "early September", "mid-April", "late May", "end of May", "the end of May", "beginning of June"
    private static TimeExpression? TryPartOfMonth(Sentence s, int i)
    {
        var t = s.Tokens;
        var norm = t[i].Norm;
        int first, last, monthIndex, start = i;
        if (norm.StartsWith("mid-", StringComparison.Ordinal) && Months.TryGetValue(norm[4..], out var mm))
        {
            return PartOf(s, i, i + 1, mm, 11, 20);
        }
        if (norm is "early" or "late" or "mid" or "middle")
        {
            monthIndex = i + 1;
            if (monthIndex < t.Length && t[monthIndex].Norm == "of") monthIndex++;
            if (!IsMonth(s, monthIndex, out var m)) return null;
            (first, last) = norm switch { "early" => (1, 10), "late" => (21, 31), _ => (11, 20) };
            return PartOf(s, start, monthIndex + 1, m, first, last);
        }
        if (norm is "end" or "beginning" or "start" && i + 2 < t.Length && t[i + 1].Norm == "of" && IsMonth(s, i + 2, out var m3))
        {
            if (i > 0 && t[i - 1].Norm == "the") start = i - 1;
            (first, last) = norm == "end" ? (21, 31) : (1, 10);
            return PartOf(s, start, i + 3, m3, first, last);
        }
        return null;
    }

    private static TimeExpression PartOf(Sentence s, int start, int end, int month, int first, int last)
    {
        int? year = null;
        if (end < s.Tokens.Length && IsYear(s.Tokens[end], out var y)) { year = y; end++; }
        return Make(s, start, end, (reference, past) =>
        {
            var yy = year ?? PickYear(reference, past, month, first);
            var days = DateTime.DaysInMonth(yy, month);
            return new DateRange(new DateOnly(yy, month, Math.Min(first, days)), new DateOnly(yy, month, Math.Min(last, days)));
        }, year: year);
    }

    // today, tomorrow, yesterday, this/next/last week|month|year|weekend|<season>|<month>, later this year, early next year
    private static TimeExpression? TryRelative(Sentence s, int i)
    {
        var t = s.Tokens;
        var norm = t[i].Norm;
        switch (norm)
        {
            case "today" or "tonight":
                return Make(s, i, i + 1, (r, _) => new DateRange(r, r));
            case "tomorrow":
                return Make(s, i, i + 1, (r, _) => new DateRange(r.AddDays(1), r.AddDays(1)), future: true);
            case "yesterday":
                return Make(s, i, i + 1, (r, _) => new DateRange(r.AddDays(-1), r.AddDays(-1)), past: true);
        }
        var start = i;
        var k = i;
        var part = "";
        if (norm is "later" or "early" or "earlier" or "late")
        {
            part = norm;
            k++;
        }
        if (k >= t.Length || t[k].Norm is not ("this" or "next" or "last" or "coming" or "the")) return null;
        var which = t[k].Norm;
        if (which == "the")
        {
            // "the coming week", "the next month"
            if (k + 1 >= t.Length || t[k + 1].Norm is not ("coming" or "next")) return null;
            k++;
            which = "next";
        }
        if (which == "coming") which = "next";
        if (k + 1 >= t.Length) return null;
        var unit = t[k + 1].Norm;
        var end = k + 2;
        var past = which == "last";
        var future = which == "next";
        switch (unit)
        {
            case "week":
            case "weekend":
                return Make(s, start, end, (r, _) =>
                {
                    var monday = r.AddDays(-(((int)r.DayOfWeek + 6) % 7));
                    var shift = which switch { "next" => 7, "last" => -7, _ => 0 };
                    var from = monday.AddDays(shift);
                    return unit == "weekend" ? new DateRange(from.AddDays(5), from.AddDays(6)) : new DateRange(from, from.AddDays(6));
                }, past, future);
            case "month":
                return Make(s, start, end, (r, _) =>
                {
                    var first = new DateOnly(r.Year, r.Month, 1).AddMonths(which switch { "next" => 1, "last" => -1, _ => 0 });
                    return Part(new DateRange(first, first.AddMonths(1).AddDays(-1)), part);
                }, past, future);
            case "year":
                return Make(s, start, end, (r, _) =>
                {
                    var y = r.Year + which switch { "next" => 1, "last" => -1, _ => 0 };
                    return Part(new DateRange(new DateOnly(y, 1, 1), new DateOnly(y, 12, 31)), part);
                }, past, future);
            case "spring" or "summer" or "fall" or "autumn" or "winter":
                return Make(s, start, end, (r, _) =>
                {
                    var y = r.Year + which switch { "next" => 1, "last" => -1, _ => 0 };
                    var (m1, m2) = unit switch { "spring" => (3, 5), "summer" => (6, 8), "winter" => (12, 2), _ => (9, 11) };
                    var from = new DateOnly(y, m1, 1);
                    var to = m2 < m1 ? new DateOnly(y + 1, m2, DateTime.DaysInMonth(y + 1, m2)) : new DateOnly(y, m2, DateTime.DaysInMonth(y, m2));
                    return new DateRange(from, to);
                }, past, future);
        }
        if (Months.TryGetValue(unit, out var month) && t[k + 1].Capitalized)
        {
            return Make(s, start, end, (r, _) =>
            {
                var y = which switch
                {
                    "next" => month > r.Month ? r.Year : r.Year + 1,
                    "last" => month < r.Month ? r.Year : r.Year - 1,
                    _ => r.Year,
                };
                return new DateRange(new DateOnly(y, month, 1), new DateOnly(y, month, DateTime.DaysInMonth(y, month)));
            }, past, future);
        }
        if (Weekdays.TryGetValue(unit, out var dow))
        {
            return Make(s, start, end, (r, _) =>
            {
                var d = NextOrSame(r, dow);
                if (which == "next" && d == r) d = d.AddDays(7);
                if (which == "last") d = PreviousOrSame(r.AddDays(-1), dow);
                return new DateRange(d, d);
            }, past, future);
        }
        return null;
    }

    private static DateRange Part(DateRange whole, string part)
    {
        var days = whole.End.DayNumber - whole.Start.DayNumber + 1;
        return part switch
        {
            "early" => new DateRange(whole.Start, whole.Start.AddDays(days / 3)),
            "later" or "late" => new DateRange(whole.Start.AddDays(days / 2), whole.End),
            _ => whole,
        };
    }

    // "Friday", "on Monday", "Friday morning", "Monday, May 23" (the date wins: the weekday only confirms it)
    private static TimeExpression? TryWeekday(Sentence s, int i)
    {
        var t = s.Tokens;
        if (!Weekdays.TryGetValue(t[i].Norm, out var dow) || !t[i].Capitalized) return null;
        var k = i + 1;
        if (k < t.Length && t[k].Norm == ",") k++;
        if (k < t.Length)
        {
            var date = TryMonthDay(s, k) ?? TryDayMonth(s, k);
            if (date is not null) return date with { Start = i, Text = s.Slice(i, date.End) };
        }
        var end = i + 1;
        if (end < t.Length && t[end].Norm is "morning" or "afternoon" or "evening" or "night") end++;
        return Make(s, i, end, (r, past) =>
        {
            var d = past ? PreviousOrSame(r, dow) : NextOrSame(r, dow);
            return new DateRange(d, d);
        });
    }

    // "in the coming days", "within the next two weeks", "in a couple of weeks", "over the next two weeks", "in two weeks"
    private static TimeExpression? TryComing(Sentence s, int i)
    {
        var t = s.Tokens;
        if (t[i].Norm is not ("in" or "within" or "over")) return null;
        var k = i + 1;
        if (k < t.Length && t[k].Norm == "the") k++;
        var count = 1;
        var haveCount = false;
        if (k < t.Length && t[k].Norm is "coming" or "next") k++;
        if (k < t.Length && (SmallNumbers.TryGetValue(t[k].Norm, out var n) || int.TryParse(t[k].Norm, NumberStyles.None, CultureInfo.InvariantCulture, out n)))
        {
            count = n;
            haveCount = true;
            k++;
            if (k < t.Length && t[k].Norm == "of") k++;
            if (k < t.Length && t[k].Norm == "few") { count = 3; k++; }
        }
        if (k >= t.Length) return null;
        var days = t[k].Norm switch
        {
            "days" or "day" => 1,
            "weeks" or "week" => 7,
            "months" or "month" => 30,
            _ => 0,
        };
        if (days == 0 || (!haveCount && t[k].Norm is "day" or "week" or "month")) return null;
        if (!haveCount) count = days == 1 ? 7 : days == 7 ? 3 : 3;
        var span = days * count;
        return Make(s, i, k + 1, (r, _) => new DateRange(r, r.AddDays(span)), future: true);
    }

    // "in February", "this September" is handled by TryRelative; "in June" alone
    private static TimeExpression? TryMonthAlone(Sentence s, int i)
    {
        if (!IsMonth(s, i, out var month)) return null;
        var end = i + 1;
        int? year = null;
        if (end < s.Tokens.Length && IsYear(s.Tokens[end], out var y)) { year = y; end++; }
        // "February this year", "November last year"
        if (year is null && end + 1 < s.Tokens.Length && s.Tokens[end].Norm is "this" or "last" or "next" && s.Tokens[end + 1].Norm == "year")
        {
            var shift = s.Tokens[end].Norm switch { "last" => -1, "next" => 1, _ => 0 };
            var m = month;
            return Make(s, i, end + 2, (r, _) =>
            {
                var yy = r.Year + shift;
                return new DateRange(new DateOnly(yy, m, 1), new DateOnly(yy, m, DateTime.DaysInMonth(yy, m)));
            }, past: shift < 0, future: shift > 0);
        }
        return Make(s, i, end, (r, past) =>
        {
            var yy = year ?? PickYear(r, past, month, 15);
            return new DateRange(new DateOnly(yy, month, 1), new DateOnly(yy, month, DateTime.DaysInMonth(yy, month)));
        }, year: year);
    }

    private static TimeExpression? TryYear(Sentence s, int i, string norm, Token[] t)
    {
        if (!IsYear(t[i], out var year)) return null;
        var prev = i > 0 ? t[i - 1].Norm : "";
        if (prev is not ("in" or "since" or "until" or "by" or "of" or "before" or "after" or "during")) return null;
        _ = norm;
        return Make(s, i, i + 1, (_, _) => new DateRange(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)), year: year);
    }

    private static DateRange? Range(DateOnly reference, bool past, int? year, int month, int day, int endMonth, int endDay)
    {
        var y = year ?? PickYear(reference, past, month, day);
        if (day > DateTime.DaysInMonth(y, month)) return null;
        var start = new DateOnly(y, month, day);
        var endYear = endMonth < month ? y + 1 : y;
        if (endDay > DateTime.DaysInMonth(endYear, endMonth)) return null;
        return new DateRange(start, new DateOnly(endYear, endMonth, endDay));
    }

    /// <summary>The year that puts month/day on the right side of the reference date: ahead for plans, behind for past meetings.</summary>
    private static int PickYear(DateOnly reference, bool past, int month, int day)
    {
        var safeDay = Math.Min(day, DateTime.DaysInMonth(reference.Year, month));
        var candidate = new DateOnly(reference.Year, month, safeDay);
        if (past) return candidate > reference.AddDays(2) ? reference.Year - 1 : reference.Year;
        return candidate < reference.AddDays(-10) ? reference.Year + 1 : reference.Year;
    }

    private static DateOnly NextOrSame(DateOnly d, DayOfWeek dow) => d.AddDays(((int)dow - (int)d.DayOfWeek + 7) % 7);

    private static DateOnly PreviousOrSame(DateOnly d, DayOfWeek dow) => d.AddDays(-(((int)d.DayOfWeek - (int)dow + 7) % 7));
}
