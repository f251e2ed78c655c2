#!/usr/bin/env bash
# The container, checked without a Docker engine (none runs on CI machines): the Dockerfile's own publish
# command, then the published app started as the image starts it (ENTRYPOINT + CMD, the Dockerfile's ENV lines,
# read from the Dockerfile so the two cannot drift) with a temporary folder for /data. It must write the demo
# digest to the pickup folder, and `health` (the HEALTHCHECK) must answer healthy; then it is stopped with
# SIGTERM, as `docker stop` does, and must exit cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
app="$work/app"
data="$work/data"
mkdir -p "$data"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

sh deploy/publish.sh "$app" >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; echo "smoke: publish failed" >&2; exit 1; }

# The image's environment: every ENV line of the Dockerfile, /data replaced by the temporary folder.
envs=()
while read -r _ assignment; do
  envs+=("${assignment//\/data/$data}")
done < <(grep -E '^ENV [A-Za-z_]+=' Dockerfile)
# The demo digest is due at 07:00; here one is made every 5 seconds instead (the only setting changed).
envs+=("FeedWatch__Digest__Cron=0/5 * * * * ?")
echo "smoke: starting the published app with: ${envs[*]}"

(cd "$app" && exec env "${envs[@]}" dotnet FeedWatch.dll run) >"$work/run.log" 2>&1 &
pid=$!

deadline=$((SECONDS + 120))
until ls "$data"/pickup/*.eml >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/run.log"; echo "smoke: the app exited before writing a digest" >&2; exit 1; fi
  if [ $SECONDS -ge $deadline ]; then cat "$work/run.log"; echo "smoke: no digest in $data/pickup after 120 s" >&2; exit 1; fi
  sleep 1
done
eml=$(ls "$data"/pickup/*.eml | head -1)
grep -q "^Subject: FeedWatch: " "$eml" || { echo "smoke: $eml has no FeedWatch subject" >&2; exit 1; }
grep -q "Putin" "$eml" || { echo "smoke: the demo digest $eml does not list the seed meetings" >&2; exit 1; }
echo "smoke: demo digest written: $eml"
# Log lines are JSON, as the image configures them.
head -1 "$work/run.log" | grep -q '^{' || { head -3 "$work/run.log"; echo "smoke: the log is not JSON" >&2; exit 1; }

# The HEALTHCHECK's command, from the image's working folder with the image's environment.
health=$(cd "$app" && env "${envs[@]}" dotnet FeedWatch.dll health) || { echo "$health"; echo "smoke: health is not ok" >&2; exit 1; }
echo "smoke: $health"

kill -TERM "$pid"
if wait "$pid"; then echo "smoke: stopped cleanly"; else code=$?; cat "$work/run.log"; echo "smoke: exit code $code after SIGTERM" >&2; exit 1; fi
pid=""
