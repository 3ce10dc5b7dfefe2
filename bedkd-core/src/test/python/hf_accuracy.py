"""CACC and ASR of an exported model as transformers computes them, to hold against what bedkd reported.

  PYTHONPATH=<dir with torch + transformers> python3 hf_accuracy.py <model dir> <test-clean.csv> <test-triggered.csv> \
      <target label> [max length, default 64]

CSV files in the BadActs layout (`,0,1,2` = id, text, label, poison flag). Prints one JSON line.
"""
import csv
import json
import sys

from hf_logits import logits


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r[1], int(r[2])) for r in list(csv.reader(f))[1:]]


def predictions(model_dir, texts, max_length):
    return [max(range(len(l)), key=l.__getitem__) for l in logits(model_dir, texts, max_length)[1]]


def main(model_dir, clean_csv, triggered_csv, target, max_length=64):
    clean, triggered = rows(clean_csv), rows(triggered_csv)
    pc = predictions(model_dir, [t for t, _ in clean], max_length)
    pt = predictions(model_dir, [t for t, _ in triggered], max_length)
    cacc = 100 * sum(p == y for p, (_, y) in zip(pc, clean)) / len(clean)
    asr = 100 * sum(p == target for p in pt) / len(triggered)
    print(json.dumps({"model": model_dir, "cacc": round(cacc, 2), "asr": round(asr, 2), "clean": len(clean),
                      "triggered": len(triggered)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), *(int(a) for a in sys.argv[5:6]))
