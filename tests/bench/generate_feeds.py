#!/usr/bin/env python3
"""Writes N RSS 2.0 feeds of M items each: realistic news items (titles, ~600-character descriptions, pubDates
within the last day, guids, links), about one in ten describing a meeting between leaders."""
import random
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path

out, feeds, items = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
leaders = [("Vladimir Putin", "Russian President"), ("Xi Jinping", "Chinese President"), ("Emmanuel Macron", "French President"),
           ("Narendra Modi", "Indian Prime Minister"), ("Recep Tayyip Erdogan", "Turkish President"), ("Olaf Scholz", "German Chancellor")]
places = ["Beijing", "Moscow", "Geneva", "New Delhi", "Ankara", "Paris", "Berlin"]
filler = ("Officials said the talks would cover trade, energy and security. Analysts expect little change in the "
          "short term, though markets reacted calmly. The ministry declined to comment further on the schedule. "
          "Local media reported that preparations were under way, and a statement is expected later in the week. ")
plain_titles = ["Markets close higher after a quiet session", "Parliament debates the budget", "Storm warning for the coast",
                "Central bank holds rates", "New rail line opens", "Football club signs striker", "Inflation eases slightly"]
now = datetime.now(timezone.utc)
(out / "feeds").mkdir(parents=True, exist_ok=True)
for f in range(1, feeds + 1):
    parts = [f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Bench feed {f}</title>'
             f'<link>http://127.0.0.1/site{f}/</link><description>Generated for the benchmark</description>\n']
    for i in range(items):
        published = now - timedelta(minutes=rng.randint(5, 20 * 60))
        if rng.random() < 0.1:
            (a, ta), (b, tb) = rng.sample(leaders, 2)
            place = rng.choice(places)
            title = f"{a.split()[-1]} and {b.split()[-1]} to meet in {place}"
            text = f"{ta} {a} will meet {tb} {b} in {place} next week, officials said. " + filler
        else:
            title = rng.choice(plain_titles)
            text = filler + filler[: rng.randint(50, 200)]
        parts.append(f"<item><title>{escape(title)}</title><link>http://127.0.0.1/site{f}/story/{i}</link>"
                     f'<guid isPermaLink="false">bench-{f}-{i}</guid><pubDate>{format_datetime(published)}</pubDate>'
                     f"<description>{escape(text)}</description></item>\n")
    parts.append("</channel></rss>\n")
    (out / "feeds" / f"feed{f}.xml").write_text("".join(parts), encoding="utf-8")
