#!/usr/bin/env bash
# Cluster benchmark (not a test): feeds polled per second by 1, 2 and 3 FeedWatch instances (`run`, as the
# container runs it) sharing a throwaway PostgreSQL database, on the 1,000-feed setup of run.sh (FEEDS generated
# feeds of ITEMS items, served by nginx on 127.0.0.1:PORT). For each instance count, RUNS rounds on a fresh
# database: the instances start, Quartz's clustered store hands out the 1,000 feed jobs, and the round's rate is
# FEEDS / (last first-poll - first first-poll), read from the store, so process start-up is not counted.
# All traffic stays on 127.0.0.1; nginx, PostgreSQL and the instances are stopped on exit.
#   tests/bench/cluster.sh
#   RUNS=1 FEEDS=300 INSTANCES="1 3" tests/bench/cluster.sh
set -euo pipefail
RUNS=${RUNS:-3}
FEEDS=${FEEDS:-1000}
ITEMS=${ITEMS:-20}
PORT=${PORT:-8089}
INSTANCES=${INSTANCES:-"1 2 3"}
repo=$(cd "$(dirname "$0")/../.." && pwd)
source "$repo/tests/bench/feeds-server.sh"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/feedwatch-cluster.XXXXXX)
chmod 755 "$work"
pids=()
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_feeds "$work"
  [ -d "$work/pg" ] && as_pg "$PGBIN/pg_ctl" -D "$work/pg" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

serve_feeds "$work" "$PORT" "$FEEDS" "$ITEMS"

# A throwaway PostgreSQL on a free port, its socket in the work folder.
pgport=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/pg" "$work/pgsock"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/pg" "$work/pgsock"
as_pg "$PGBIN/initdb" -D "$work/pg" -U postgres -A trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg/log" -o "-p $pgport -k $work/pgsock -c listen_addresses=127.0.0.1 -c max_connections=200" -w start >/dev/null
psql() { "$PGBIN/psql" -h 127.0.0.1 -p "$pgport" -U postgres -At "$@"; }

dotnet publish "$repo/src/FeedWatch" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/app" --nologo -v quiet >/dev/null

config() { # $1 data dir, $2 database, $3 first-poll window
  /usr/bin/python3 - "$1" "$FEEDS" "$PORT" "$pgport" "$2" "$3" <<'PY'
import json, sys
data, feeds, port, pgport, db, window = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
print(json.dumps({"FeedWatch": {
  "DataDirectory": data,
  "Storage": {"Provider": "PostgreSql", "ConnectionString": f"Host=127.0.0.1;Port={pgport};Database={db};Username=postgres"},
  "Cluster": {"CheckinInterval": "00:00:05", "CheckinMisfireThreshold": "00:00:10"},
  "Feeds": [{"Name": f"feed{i}", "Url": f"http://127.0.0.1:{port}/feeds/feed{i}.xml", "FetchArticles": False} for i in range(1, feeds + 1)],
  "Polling": {"DefaultInterval": "01:00:00", "Jitter": "00:00:00", "FirstPollWindow": window},
  "Digest": {"Cron": "0 0 0 1 1 ? 2099"}}}))
PY
}

echo "FeedWatch cluster: $FEEDS feeds x $ITEMS items on 127.0.0.1:$PORT (nginx), PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), $RUNS runs, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
results="$work/results.txt"
# Two rows: "analysed" (every item new and analysed, the cold round) and "stored" (the first-poll window at zero:
# items stored as seen, not analysed), which leaves the fetching, parsing, storing and the cluster's own work.
for mode in analysed stored; do
window=$([ "$mode" = analysed ] && echo "2.00:00:00" || echo "00:00:00")
for n in $INSTANCES; do
  for run in $(seq 1 "$RUNS"); do
    db="bench_${mode}_${n}_${run}"
    psql -c "CREATE DATABASE $db" >/dev/null
    pids=()
    for i in $(seq 1 "$n"); do
      mkdir -p "$work/i$i"
      config "$work/i$i" "$db" "$window" > "$work/i$i/config.json"
      (cd "$work/i$i" && exec dotnet "$work/app/FeedWatch.dll" run --config "$work/i$i/config.json") >"$work/i$i/log" 2>&1 &
      pids+=($!)
      # The first instance schedules the feed jobs in the shared store; the others join once it has.
      if [ "$i" -eq 1 ]; then
        until grep -q "Feeds scheduled" "$work/i1/log" 2>/dev/null; do sleep 0.2; kill -0 "${pids[0]}" || { cat "$work/i1/log"; exit 1; }; done
      fi
    done
    deadline=$((SECONDS + 600))
    until [ "$(psql -d "$db" -c "SELECT COUNT(*) FROM feeds WHERE first_polled_utc IS NOT NULL" 2>/dev/null || echo 0)" -ge "$FEEDS" ]; do
      [ $SECONDS -lt $deadline ] || { echo "cluster: round not finished in 600 s" >&2; tail -5 "$work"/i*/log >&2; exit 1; }
      sleep 0.5
    done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    pids=()
    # The store keeps times as it keeps them in SQLite; the round is first poll to last poll.
    span=$(psql -d "$db" -c "SELECT EXTRACT(EPOCH FROM (MAX(first_polled_utc::timestamptz) - MIN(first_polled_utc::timestamptz))) FROM feeds")
    items=$(psql -d "$db" -c "SELECT COUNT(*) FROM items")
    echo "$mode $n $span $items" >> "$results"
    echo "  $mode instances=$n run=$run round=${span}s items=$items" >&2
    rm -rf "$work"/i*
  done
done
done

echo
printf '%-9s %-10s %5s %10s %10s %12s\n' items instances runs round_s feeds_per_s vs_one
/usr/bin/python3 - "$results" "$FEEDS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
feeds = int(sys.argv[2])
by = {}
for mode, n, span, items in rows: by.setdefault((mode, int(n)), []).append(float(span))
base = {}
for mode, n in sorted(by, key=lambda k: (k[0] != "analysed", k[1])):
    med = statistics.median(by[(mode, n)]); rate = feeds / med
    base.setdefault(mode, rate)
    print("%-9s %-10d %5d %10.2f %10.1f %11.2fx" % (mode, n, len(by[(mode, n)]), med, rate, rate / base[mode]))
PY
echo "(medians over the runs; a round is the first feed's first poll to the last feed's, read from the store)"
