import json, sys, collections
def frames(ev, n=6):
    st = ev['values'].get('stackTrace') or {}
    out = []
    for fr in (st.get('frames') or [])[:n]:
        m = fr['method']; out.append(m['type']['name'].split('.')[-1] + '.' + m['name'] + ':' + str(fr.get('lineNumber')))
    return out
for f in sys.argv[1:]:
    print('=====', f)
    ex = json.load(open(f + '.exec.json'))['recording']['events']
    byth = collections.Counter(e['values']['sampledThread']['javaName'] for e in ex)
    print('exec samples by thread', byth.most_common(8))
    top = collections.Counter(' < '.join(frames(e, 3)) for e in ex)
    for k, v in top.most_common(12): print('  ', v, k)
    comp = json.load(open(f + '.comp.json'))['recording']['events']
    def dur(s):  # like "1.23 ms" or PT0.001S
        return s
    tot = collections.Counter(); cnt = collections.Counter()
    for e in comp:
        v = e['values']; d = v['duration']
        secs = float(d[2:-1]) if d.startswith('PT') else 0
        m = v['method']; key = m['type']['name'].split('.')[-1] + '.' + m['name'] + ' L' + str(v.get('compileLevel'))
        tot[key] += secs; cnt[key] += 1
    print('compilations >=?: total', len(comp), 'sum s', round(sum(tot.values()), 2))
    for k, v in tot.most_common(10): print('   %.3f s x%d %s' % (v, cnt[k], k))
    de = json.load(open(f + '.deopt.json'))['recording']['events']
    rc = collections.Counter((e['values']['reason'], e['values']['method']['type']['name'].split('.')[-1] + '.' + e['values']['method']['name']) for e in de)
    print('deopts', len(de))
    for k, v in rc.most_common(10): print('  ', v, k)
