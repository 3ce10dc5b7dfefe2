"""Minor faults and user/system CPU of the detector replicas while they screened, from sampler.sh's 10-s samples."""
import sys, re
for name in sys.argv[1:]:
    last, flt, ut, st = {}, 0, 0, 0
    for line in open(name):
        f = line.split()
        pid = f[1]
        v = {k: int(x) for k, x in re.findall(r'(\w+)=(\d+)', line)}
        if pid in last:
            d = {k: v[k] - last[pid][k] for k in ('minflt', 'utime', 'stime')}
            if d['utime'] > 100:  # a 10-s window in which the replica screened (over 1 core-second of user time)
                flt += d['minflt']; ut += d['utime']; st += d['stime']
        last[pid] = v
    print(f"{name}: minor faults {flt}, user {ut / 100:.0f} s, system {st / 100:.0f} s "
          f"(system/user {st / max(ut, 1):.3f}, faults per user-second {flt / max(ut / 100, 1):.0f})")
