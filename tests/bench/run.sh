#!/usr/bin/env bash
# Whole-process benchmark of `once` (not a test): FEEDS generated RSS feeds of ITEMS items served by nginx on
# 127.0.0.1:PORT, `once --config FILE` timed cold (empty state) and warm (second round: conditional GETs, all
# 304), RUNS times each, with peak RSS from /usr/bin/time -v. A third row runs cold with the first-poll window at
# zero, so items are stored as seen and never analysed: the difference to the cold row is the analyser's share.
# All traffic stays on 127.0.0.1; nginx is stopped on exit.
#   tests/bench/run.sh                 # 1,000 feeds x 20 items, 5 runs
#   RUNS=3 FEEDS=200 tests/bench/run.sh
set -euo pipefail
RUNS=${RUNS:-5}
FEEDS=${FEEDS:-1000}
ITEMS=${ITEMS:-20}
PORT=${PORT:-8089}
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/bench/feeds-server.sh"
work=$(mktemp -d /tmp/feedwatch-bench.XXXXXX)
cleanup() { stop_feeds "$work"; rm -rf "$work"; }
trap cleanup EXIT

serve_feeds "$work" "$PORT" "$FEEDS" "$ITEMS"

# Published as a deployment would be: ReadyToRun, so a short-lived `once` does not spend its time in the JIT.
dotnet publish "$repo/src/FeedWatch" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/app" --nologo -v quiet >/dev/null

config() { # $1 data dir, $2 extra polling json
  /usr/bin/python3 - "$1" "$FEEDS" "$PORT" "$2" <<'PY'
import json, sys
data, feeds, port, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
fw = {"DataDirectory": data, "Feeds": [{"Name": f"feed{i}", "Url": f"http://127.0.0.1:{port}/feeds/feed{i}.xml", "FetchArticles": False} for i in range(1, feeds + 1)]}
if extra: fw["Polling"] = json.loads(extra)
print(json.dumps({"FeedWatch": fw}))
PY
}

measure() { # $1 label, $2 config file; prints "label wall_s rss_mb in_process_s"
  /usr/bin/time -v dotnet "$work/app/FeedWatch.dll" once --config "$2" --timings >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/out.txt" "$work/time.txt"; exit 1; }
  local wall rss inproc cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.2f", s}' "$work/time.txt")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt")
  inproc=$(grep -o '[0-9.]* s$' "$work/out.txt" | cut -d' ' -f1)
  echo "$1 $wall $rss $inproc $cpu"
  sed "s/^/    /" "$work/out.txt" >&2; grep -m3 -e "failed:" -e "timings:" "$work/time.txt" | sed "s/^/    /" >&2 || true
}

echo "FeedWatch once: $FEEDS feeds x $ITEMS items on 127.0.0.1:$PORT (nginx), $RUNS runs, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
results="$work/results.txt"
for run in $(seq 1 "$RUNS"); do
  rm -rf "$work/data" "$work/data0"
  config "$work/data" "" > "$work/config.json"
  measure cold "$work/config.json" >> "$results"
  measure warm "$work/config.json" >> "$results"
  config "$work/data0" '{"FirstPollWindow": "00:00:00"}' > "$work/config0.json"
  measure cold-no-analysis "$work/config0.json" >> "$results"
done

echo
printf '%-18s %5s %8s %8s %12s %10s %8s\n' row runs wall_s wall_max peak_rss_MB in_proc_s cpu_s
for row in cold warm cold-no-analysis; do
  grep "^$row " "$results" | /usr/bin/python3 -c '
import statistics, sys
rows = [l.split() for l in sys.stdin]
wall = [float(r[1]) for r in rows]; rss = [float(r[2]) for r in rows]; inp = [float(r[3]) for r in rows]; cpu = [float(r[4]) for r in rows]
print("%-18s %5d %8.2f %8.2f %12.0f %10.2f %8.2f" % (rows[0][0], len(rows), statistics.median(wall), max(wall), statistics.median(rss), statistics.median(inp), statistics.median(cpu)))'
done
echo "(medians over the runs, wall_max the slowest; in_proc_s is the time once itself reports, without process start-up;"
echo " cpu_s is user+system CPU, which a machine shared with other work disturbs less than wall time)"
