using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FeedWatch.Analysis;

namespace FeedWatch.Cli;

/// <summary>Writes an analysis as the one-line JSON object of the scan contract (DESIGN.md).</summary>
internal static class ResultJson
{
    /// <summary>One line, and non-ASCII text as itself: the command line's JSON is read by people too.</summary>
    internal static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string StatusName(MeetingStatus status) => status switch
    {
        MeetingStatus.Planned => "planned",
        MeetingStatus.Possible => "possible",
        MeetingStatus.Denied => "denied",
        MeetingStatus.Cancelled => "cancelled",
        MeetingStatus.Held => "held",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Write(string file, AnalysisResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteBoolean("relevant", result.Relevant);
            w.WriteStartArray("meetings");
            foreach (var m in result.Meetings)
            {
                w.WriteStartObject();
                w.WriteStartArray("participants");
                foreach (var p in m.Participants) w.WriteStringValue(p);
                w.WriteEndArray();
                w.WriteStartArray("statuses");
                foreach (var s in m.Statuses) w.WriteStringValue(StatusName(s));
                w.WriteEndArray();
                WriteNullable(w, "where", m.Where);
                WriteNullable(w, "event", m.Event);
                WriteNullable(w, "when", m.When);
                WriteNullable(w, "date", m.Date?.ToString());
                w.WriteStartArray("claims");
                foreach (var c in m.Claims)
                {
                    w.WriteStartObject();
                    w.WriteString("status", StatusName(c.Status));
                    WriteNullable(w, "speaker", c.Speaker);
                    WriteNullable(w, "side", c.Side);
                    w.WriteString("sentence", c.Sentence);
                    w.WriteString("reason", c.Reason);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("confidence", m.Confidence);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
