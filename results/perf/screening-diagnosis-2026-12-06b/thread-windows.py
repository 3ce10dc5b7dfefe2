"""Per-thread CPU of replicas/probes, summed over the 5-s windows where the process's busiest model thread worked > 50 %."""
import sys, collections
rows = collections.defaultdict(list)  # (kind,pid) -> list of (ts, {tid:(comm,ticks)})
cur = {}
for line in open(sys.argv[1]):
    ts, kind, pid, tid, comm, ut, st = line.split()
    key = (kind, pid)
    snap = cur.get(key)
    if snap is None or snap[0] != ts:
        snap = (ts, {}); cur[key] = snap; rows[key].append(snap)
    snap[1][tid] = (comm, int(ut) + int(st))
model_thread = {'replica': 'bedkd-screenin', 'probe': 'main'}
for (kind, pid), snaps in rows.items():
    tot = collections.Counter(); windows = 0
    for (t0, a), (t1, b) in zip(snaps, snaps[1:]):
        dt = float(t1) - float(t0)
        d = {tid: b[tid][1] - a.get(tid, (None, 0))[1] for tid in b}
        mt = sum(v for tid, v in d.items() if b[tid][0].startswith(model_thread[kind]))
        if mt > 0.2 * dt * 100:
            windows += 1
            for tid, v in d.items():
                tot[b[tid][0]] += v
    s = sum(tot.values())
    if not s: continue
    print(f"{kind} {pid}: {windows} busy windows, {s/100:.1f} CPU-s")
    for c, v in tot.most_common(12):
        print(f"   {c:16s} {v/100:7.1f} s  {100*v/s:5.1f} %")
