#!/usr/bin/env python3
"""Replays AKD's epoch selection on runs made with every epoch trained (--set patience=0) and every epoch's test ASR
audited (--audit-test-asr, never used for selection): which epoch each rule keeps, with patience 2 simulated, and the
test ASR there. Usage: replay.py DIR (a results directory with runs/*/report.json). Every epoch is taken as eligible
(within the CACC tolerance): none of these runs backed off, and the suspect's validation CACC is not in the report.
Validation has 400 sentences in every cell measured."""
import glob
import json
import math
import os
import statistics as st
import sys

N = 400


def tie(a, b):
    """Two standard errors of a flip rate on N sentences (EpochRanking.tie)."""
    p = max((a + b) / 200, 1 / N)
    return 200 * math.sqrt(p * (1 - p) / N)


def current(a, b):
    """The default: flips beyond their noise, then any CACC difference, then the fewer flips."""
    if abs(a['f'] - b['f']) > tie(a['f'], b['f']):
        return a['f'] < b['f']
    if a['c'] != b['c']:
        return a['c'] > b['c']
    return a['f'] < b['f']


def later_on_ties(margin):
    """laterOnTies with a fixed CACC margin standing for the paired noise (not in the reports)."""
    def better(a, b):
        if abs(a['f'] - b['f']) > tie(a['f'], b['f']):
            return a['f'] < b['f']
        if abs(a['c'] - b['c']) > margin:
            return a['c'] > b['c']
        return a['e'] > b['e']
    return better


def fewest_flips(a, b):
    return a['f'] < b['f'] if a['f'] != b['f'] else a['c'] > b['c']


def simulate(epochs, better, patience=2):
    kept, without = None, 0
    for e in epochs:
        if kept is None or better(e, kept):
            kept, without = e, 0
        else:
            without += 1
            if without >= patience:
                break
    return kept


RULES = {'default': current, 'laterOnTies (1 pt)': later_on_ties(1.0), 'laterOnTies (2 pt)': later_on_ties(2.0),
         'fewest flips': fewest_flips}


def main(root):
    picks = {k: [] for k in list(RULES) + ['last epoch', 'best test ASR (oracle)']}
    for path in sorted(glob.glob(os.path.join(root, 'runs', '*', 'report.json'))):
        report = json.load(open(path))
        if report['config']['akd']['patience'] != 0:
            continue
        method = next(m for m in report['methods'] if m['method'] == 'bedkd')
        epochs = [{'e': e['epoch'], 'f': e['triggerFlipRate'], 'c': e['validationCacc'],
                   'b': e['validationBalancedAccuracy'], 't': e['auditTestAsr']} for e in method['epochs']]
        chosen = {k: simulate(epochs, rule) for k, rule in RULES.items()}
        chosen['last epoch'] = epochs[-1]
        chosen['best test ASR (oracle)'] = min(epochs, key=lambda e: e['t'])
        print(f"| {os.path.basename(os.path.dirname(path))} | "
              + ' | '.join(f"{e['f']:.2f} / {e['c']:.2f} / {e['t']:.1f}" for e in epochs) + ' | '
              + ' | '.join(f"e{v['e']} {v['t']:.1f}" for v in chosen.values()) + ' |')
        for k, v in chosen.items():
            picks[k].append(v)
    n = len(picks['default'])
    print(f"\nMeans over {n} runs (test ASR / validation CACC / validation balanced accuracy):")
    for k, v in picks.items():
        print(f"- {k}: {st.mean(e['t'] for e in v):.2f} / {st.mean(e['c'] for e in v):.2f} / "
              f"{st.mean(e['b'] for e in v):.2f}")


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
