#!/bin/sh
# The one publish command. The Dockerfile runs it in its build stage, and .ci/run runs it too, then starts
# the result with the container's environment (no Docker engine runs on CI machines), so the two cannot drift.
set -eu
out=${1:?usage: deploy/publish.sh OUTPUT_DIR}
dotnet publish src/FeedWatch/FeedWatch.csproj -c Release -o "$out" -p:UseAppHost=false
