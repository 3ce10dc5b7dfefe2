#!/usr/bin/env bash
# every 5 s: per-thread utime/stime of the detector replicas and the capacity probes
out=$1
while true; do
  ts=$(date +%s.%N)
  for p in $(pgrep -f 'detector-service/target/quarkus-app/quarkus-run.jar|org.bedkd.local.ScreeningCapacity'); do
    kind=replica; grep -q ScreeningCapacity /proc/$p/cmdline 2>/dev/null && kind=probe
    for t in /proc/$p/task/*; do
      c=$(cat $t/comm 2>/dev/null | tr ' ' '_') || continue
      s=$(sed 's/.*) //' $t/stat 2>/dev/null) || continue
      echo "$ts $kind $p ${t##*/} $c $s"
    done | awk '{print $1, $2, $3, $4, $5, $17, $18}'
  done >> "$out"
  sleep 5
done
