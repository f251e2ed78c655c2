using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FeedWatch.Analysis;

namespace FeedWatch.Storage;

/// <summary>Stores a <see cref="MeetingReport"/> as JSON and reads it back (the analyser's types stay free of storage concerns).</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static string Write(MeetingReport m) => JsonSerializer.Serialize(new Dto
    {
        Participants = [.. m.Participants],
        Statuses = [.. m.Statuses],
        Where = m.Where,
        Event = m.Event,
        When = m.When,
        Date = m.Date?.ToString(),
        Claims = [.. m.Claims.Select(c => new ClaimDto
        {
            Status = c.Status,
            Speaker = c.Speaker,
            Side = c.Side,
            Sentence = c.Sentence,
            Reason = c.Reason,
            Span = [c.Span.Paragraph, c.Span.Start, c.Span.Length],
        })],
        Confidence = m.Confidence,
    }, Options);

    public static MeetingReport Read(string json)
    {
        var d = JsonSerializer.Deserialize<Dto>(json, Options) ?? throw new JsonException("empty report");
        return new MeetingReport(
            d.Participants,
            d.Statuses,
            d.Where,
            d.Event,
            d.When,
            ParseDate(d.Date),
            [.. d.Claims.Select(c => new Claim(c.Status, c.Speaker, c.Side, c.Sentence, c.Reason,
                c.Span is [var p, var s, var l] ? new EvidenceSpan(p, s, l) : default))],
            d.Confidence);
    }

    private static DateRange? ParseDate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var parts = text.Split('/');
        var start = DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = parts.Length > 1 ? DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture) : start;
        return new DateRange(start, end);
    }

    private sealed class Dto
    {
        public List<string> Participants { get; set; } = [];
        public List<MeetingStatus> Statuses { get; set; } = [];
        public string? Where { get; set; }
        public string? Event { get; set; }
        public string? When { get; set; }
        public string? Date { get; set; }
        public List<ClaimDto> Claims { get; set; } = [];
        public double Confidence { get; set; }
    }

    private sealed class ClaimDto
    {
        public MeetingStatus Status { get; set; }
        public string? Speaker { get; set; }
        public string? Side { get; set; }
        public string Sentence { get; set; } = string.Empty;
        public string Reason { get; set; } = string.Empty;
        public int[]? Span { get; set; }
    }
}
