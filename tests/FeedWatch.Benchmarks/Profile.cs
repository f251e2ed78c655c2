using System.Diagnostics;
using AngleSharp;
using AngleSharp.Html.Parser;
using FeedWatch.Articles;

namespace FeedWatch.Benchmarks;

public static class Profile
{
    public static void Run(string dir)
    {
        var pages = Directory.GetDirectories(dir).Order(StringComparer.Ordinal).Select(d => File.ReadAllText(Path.Combine(d, "source.html"))).ToList();
        var ctx = BrowsingContext.New(Configuration.Default);
        var opts = new HtmlParserOptions { SkipComments = true, DisableElementPositionTracking = true };
        for (var round = 0; round < 6; round++)
        {
            long guard = 0, parse = 0, meta = 0, copy = 0, find = 0, furn = 0, text = 0;
            var sw = new Stopwatch();
            foreach (var html in pages)
            {
                sw.Restart(); NestingGuard.IsDeeperThan(html, 1024); guard += sw.ElapsedTicks;
                sw.Restart(); var doc = new HtmlParser(opts, ctx).ParseDocument(html); parse += sw.ElapsedTicks;
                sw.Restart(); var md = PageMetadata.Read(doc, null); meta += sw.ElapsedTicks;
                sw.Restart(); var body = PageNode.From(doc.Body!); copy += sw.ElapsedTicks;
                sw.Restart(); var (content, _) = ContentFinder.Find(() => PageNode.From(doc.Body!), md.Title); find += sw.ElapsedTicks;
                sw.Restart(); Furniture.RemoveMarkedBlocks(content!); furn += sw.ElapsedTicks;
                sw.Restart(); var blocks = Furniture.FilterParagraphs(TextBlocks.Of(content!)); text += sw.ElapsedTicks;
            }
            double ms(long t) => t * 1000.0 / Stopwatch.Frequency;
            Console.WriteLine($"guard {ms(guard):0} parse {ms(parse):0} meta {ms(meta):0} copy {ms(copy):0} find(incl copy) {ms(find):0} furniture {ms(furn):0} text {ms(text):0}");
        }
    }
}
