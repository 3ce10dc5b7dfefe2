#!/usr/bin/env bash
# every 10 s: for each detector-service java process: pid utime stime minflt majflt rss_pages nvcsw-ish
out=$1
while true; do
  ts=$(date +%s)
  for p in $(pgrep -f 'detector-service/target/quarkus-app/quarkus-run.jar'); do
    [ -r /proc/$p/stat ] || continue
    s=$(sed 's/.*) //' /proc/$p/stat 2>/dev/null) || continue
    cs=$(awk '/ctxt_switches/{printf "%s ", $2}' /proc/$p/status 2>/dev/null)
    echo "$ts $p $s" | awk -v cs="$cs" '{print $1, $2, "minflt="$10, "majflt="$12, "utime="$14, "stime="$15, "rss="$24, "cs="cs}'
  done >> "$out"
  sleep 10
done
