"""Replays ExcessFit (pooled, Z 3) and ExcessFit.fitWithinLabels (Z 3.5, >= 50 clean rows per label, the label with
the most estimated poisoned rows) on every stored run's scores.csv and calibration-scores.csv under results/, and
prints the runs where the rule of 2026-12-08 would change the tail flagged without trigger words: the labels' tails
replace the pooled one where the pooled fit shows no excess or a label's estimated F1 is at least 1.2 times the pooled
one's (ExcessFit.MIN_F1_RATIO). Offline the label shown is the one with the most estimated poisoned rows; the detector
lets TailCheck pick the label whose rows are a rule. A run is on that path when
its stored flagged set equals the pooled tail (a tail flagged without words) or both are empty (nothing found).
Usage: python3 replay_within_label.py [results-dir]"""
import csv, glob, math, os, sys
import numpy as np

MAX_CLEAN_SHARE = 0.5


def fit(s, c, z):
    s = np.sort(np.asarray(s, dtype=np.float32)); c = np.sort(np.asarray(c, dtype=np.float32))
    none = (float('nan'), 0.0, 0.0)
    if len(s) == 0 or len(c) == 0:
        return none
    limit = c[min(len(c) - 1, int(math.floor(MAX_CLEAN_SHARE * len(c))))]
    cand = np.unique(np.nextafter(np.concatenate([s[s < limit], c[c < limit]]), np.float32(np.inf)).astype(np.float32))
    if len(cand) == 0:
        return none
    fs = np.searchsorted(s, cand, side='left') / len(s)
    cb = np.searchsorted(c, cand, side='left'); fc = cb / len(c)
    v = (cb + 1.0) / (len(c) + 2.0)
    lcb = fs - fc - z * np.sqrt(fs * (1 - fs) / len(s) + v * (1 - v) / len(c))
    ok = fc < 1
    poison = max(0.0, float(np.max(np.where(ok, lcb / np.where(ok, 1 - fc, 1), 0))))
    if poison <= 0:
        return none
    f1 = 2 * (lcb + poison * fc) / (fs + poison); b = int(np.argmax(f1))
    return float(cand[b]), poison, float(f1[b])


def f1(flagged, poisoned):
    return 2 * len(flagged & poisoned) / (len(flagged) + len(poisoned)) if flagged or poisoned else 1.0


root = sys.argv[1] if len(sys.argv) > 1 else 'results'
changed = same = 0
for d in sorted({os.path.dirname(p) for p in glob.glob(root + '/**/calibration-scores.csv', recursive=True)}):
    rows = list(csv.DictReader(open(d + '/scores.csv'))); cal = list(csv.DictReader(open(d + '/calibration-scores.csv')))
    pois = {r['id'] for r in rows if r['poisoned'] == '1'}; stored = {r['id'] for r in rows if r['flagged'] == '1'}
    g, pi, pf1 = fit([float(r['mepd']) for r in rows], [float(r['mepd']) for r in cal], 3.0)
    pooled = {r['id'] for r in rows if not math.isnan(g) and float(r['mepd']) < g}
    if stored != pooled:
        continue  # trigger words named: the rule does not apply
    best = None
    any_ratio = False
    for lab in sorted({r['label'] for r in cal}):
        sl = [r for r in rows if r['label'] == lab]; cl = [r for r in cal if r['label'] == lab]
        if len(cl) < 50 or not sl:
            continue
        gl, pl, fl = fit([float(r['mepd']) for r in sl], [float(r['mepd']) for r in cl], 3.5)
        if not math.isnan(gl) and fl >= 1.2 * pf1:
            any_ratio = True
        if not math.isnan(gl) and (best is None or pl * len(sl) > best[1] * best[3]):
            best = (gl, pl, fl, len(sl), lab)
    if best is None or not (math.isnan(g) or any_ratio):
        same += 1
        continue
    changed += 1
    tail = {r['id'] for r in rows if r['label'] == best[4] and float(r['mepd']) < best[0]}
    print(f"{os.path.relpath(d, root)}: poisoned {len(pois)}; pooled {len(pooled)} flagged, estimated F1 {pf1:.2f}, "
          f"true {f1(pooled, pois):.2f} -> label {best[4]}: {len(tail)} flagged ({len(tail & pois)} poisoned), "
          f"estimated F1 {best[2]:.2f}, true {f1(tail, pois):.2f}")
print(f"{changed} runs change, {same} runs on the path keep the pooled tail (or nothing)")
