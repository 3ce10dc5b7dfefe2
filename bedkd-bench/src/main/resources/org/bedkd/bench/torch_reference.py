#!/usr/bin/env python3
"""PyTorch reference of bedkd's text classifier, for `bedkd bench performance` only.

The Java bench writes the exact weights (HuggingFace names), the timed batch and a list of real tokenised sentences to
an .npz file; this script rebuilds the same model in plain PyTorch (HuggingFace BERT layout, mean pooling, linear head),
checks that its probabilities match Java's, and times the same operations under the same thread count:
a training step (forward + backward + clip + AdamW, word embeddings frozen), a batched inference, MEPD scoring of the
real sentences with two models, and a matmul; each in float32 and again under torch.autocast("cpu", bfloat16), the
one-line mixed precision a PyTorch user gets. On PyTorch >= 2.0 attention is F.scaled_dot_product_attention (what
transformers' BERT uses), the strongest the peer offers. Prints nothing but progress; the measurements go to a JSON
file.

Usage: torch_reference.py INPUT.npz OUTPUT.json [--rounds]

--rounds times inference (the batch, real sentences, MEPD) and the training steps alone (no parity check, no matmul):
the Java bench alternates such runs with its own measurements, so that both sides are timed a minute apart at most on
a machine whose speed drifts by minutes.
"""
import contextlib
import copy
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SDPA = hasattr(F, "scaled_dot_product_attention")


class Layer(nn.Module):
    def __init__(self, hidden, heads, ffn, eps, dropout):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.Linear(hidden, hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.intermediate = nn.Linear(hidden, ffn)
        self.out = nn.Linear(ffn, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(dropout)
        # Attention written out even where SDPA exists (transformers' attn_implementation="eager"; eager_attention).
        self.eager = False

    def forward(self, x, bias):
        b, s, h = x.shape
        d = h // self.heads

        def split(t):
            return t.view(b, s, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        if SDPA and not self.eager:
            context = F.scaled_dot_product_attention(q, k, v, attn_mask=bias.to(q.dtype),
                                                     dropout_p=self.dropout.p if self.training else 0.0)
        else:
            probs = self.dropout((q @ k.transpose(-1, -2) / math.sqrt(d) + bias).softmax(-1))
            context = probs @ v
        context = context.transpose(1, 2).reshape(b, s, h)
        h1 = self.attention_norm(x + self.dropout(self.attention_out(context)))
        return self.out_norm(h1 + self.dropout(self.out(F.gelu(self.intermediate(h1)))))


class Classifier(nn.Module):
    def __init__(self, weights, heads, eps=1e-12, dropout=0.1):
        super().__init__()
        vocab, hidden = weights["embeddings.word_embeddings.weight"].shape
        self.layers_count = 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder.layer."))
        ffn = weights["encoder.layer.0.intermediate.dense.weight"].shape[0]
        positions = weights["embeddings.position_embeddings.weight"].shape[0]
        types = weights["embeddings.token_type_embeddings.weight"].shape[0]
        classes = weights["classifier.weight"].shape[0]
        self.words = nn.Embedding(vocab, hidden)
        self.positions = nn.Embedding(positions, hidden)
        self.types = nn.Embedding(types, hidden)
        self.embedding_norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(Layer(hidden, heads, ffn, eps, dropout) for _ in range(self.layers_count))
        self.head = nn.Linear(hidden, classes)
        self.dropout = nn.Dropout(dropout)
        self.load(weights)

    def load(self, w):
        names = {"words.weight": "embeddings.word_embeddings.weight",
                 "positions.weight": "embeddings.position_embeddings.weight",
                 "types.weight": "embeddings.token_type_embeddings.weight",
                 "embedding_norm.weight": "embeddings.LayerNorm.weight",
                 "embedding_norm.bias": "embeddings.LayerNorm.bias",
                 "head.weight": "classifier.weight", "head.bias": "classifier.bias"}
        parts = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
                 "attention_out": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
                 "intermediate": "intermediate.dense", "out": "output.dense", "out_norm": "output.LayerNorm"}
        for i in range(self.layers_count):
            for ours, hf in parts.items():
                for p in ("weight", "bias"):
                    names[f"layers.{i}.{ours}.{p}"] = f"encoder.layer.{i}.{hf}.{p}"
        state = {ours: torch.from_numpy(np.ascontiguousarray(w[hf])) for ours, hf in names.items()}
        self.load_state_dict(state, strict=True)

    def forward(self, ids, mask):
        s = ids.shape[1]
        positions = torch.arange(s).unsqueeze(0)
        x = self.embedding_norm(self.words(ids) + self.positions(positions) + self.types(torch.zeros_like(ids)))
        x = self.dropout(x)
        m = mask.to(torch.float32)
        bias = ((1.0 - m) * -1e9).view(ids.shape[0], 1, 1, s)
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * m.unsqueeze(2)).sum(1) / m.sum(1, keepdim=True)
        return self.head(self.dropout(pooled))


@contextlib.contextmanager
def eager_attention(model):
    """The model's layers write their attention out instead of calling SDPA, inside the block."""
    for layer in model.layers:
        layer.eager = True
    try:
        yield
    finally:
        for layer in model.layers:
            layer.eager = False


def timed(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return float(np.median(samples)), samples


def ragged_batches(lengths, batch):
    order = np.argsort(lengths, kind="stable")
    return [order[i:i + batch] for i in range(0, len(order), batch)]


def probabilities(model, flat, offsets, lengths, batch):
    out = [None] * len(lengths)
    with torch.no_grad():
        for rows in ragged_batches(lengths, batch):
            s = int(lengths[rows].max())
            ids = torch.zeros((len(rows), s), dtype=torch.int64)
            mask = torch.zeros((len(rows), s), dtype=torch.int64)
            for j, r in enumerate(rows):
                n = int(lengths[r])
                ids[j, :n] = torch.from_numpy(flat[offsets[r]:offsets[r] + n])
                mask[j, :n] = 1
            p = model(ids, mask).softmax(-1)
            for j, r in enumerate(rows):
                out[r] = p[j]
    return torch.stack(out)


def bf16():
    return torch.autocast("cpu", dtype=torch.bfloat16)


def mepd_rate(model, dmm, flat, offsets, lengths, batch, autocast):
    """Samples per second of one model's inference and of MEPD (two models), warm."""
    with autocast():
        probabilities(model, flat, offsets, lengths, batch)
        t0 = time.perf_counter()
        probabilities(model, flat, offsets, lengths, batch)
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        p = probabilities(model, flat, offsets, lengths, batch)
        q = probabilities(dmm, flat, offsets, lengths, batch)
        (p.float() - q.float()).abs().mean(1)
        two = time.perf_counter() - t0
    return len(lengths) / one, len(lengths) / two


def measure_inference(model, data, cfg, ids, mask, result, eager=False):
    """The timed batch in fp32 and under bf16 autocast (with eager, under autocast also with the attention written
    out, so the report says which of PyTorch's two attentions is its best here); real sentences through one model and
    two (MEPD)."""

    def infer():
        with torch.no_grad():
            model(ids, mask)

    def infer_bf16():
        with torch.no_grad(), bf16():
            model(ids, mask)

    def infer_in_region():
        model(ids, mask)

    repeats = int(cfg["infer_repeats"])
    result["torch_infer_batch_ms"], result["torch_infer_batch_samples_ms"] = timed(infer, 2, repeats)
    result["torch_bf16_infer_batch_ms"], result["torch_bf16_infer_batch_samples_ms"] = timed(infer_bf16, 2, repeats)
    if eager and SDPA:
        with eager_attention(model):
            (result["torch_bf16_eager_attention_infer_batch_ms"],
             result["torch_bf16_eager_attention_infer_batch_samples_ms"]) = timed(infer_bf16, 2, repeats)
        print(f"torch: bf16 autocast batch with the attention written out "
              f"{result['torch_bf16_eager_attention_infer_batch_ms']:.0f} ms", file=sys.stderr)
    # As a served model runs: every batch in one region, so autocast's cast cache keeps the bf16 weights (and
    # float32 has nothing to prepare: the same batch again).
    with torch.no_grad():
        result["torch_infer_batch_prepared_ms"], result["torch_infer_batch_prepared_samples_ms"] = timed(
            infer_in_region, 2, repeats)
        with bf16():
            (result["torch_bf16_infer_batch_prepared_ms"],
             result["torch_bf16_infer_batch_prepared_samples_ms"]) = timed(infer_in_region, 2, repeats)

    flat, offsets, lengths = data["sentences_flat"], data["sentences_offsets"], data["sentences_lengths"]
    dmm = copy.deepcopy(model)
    batch = int(cfg["score_batch"])
    result["torch_infer_samples_per_s"], result["torch_mepd_samples_per_s"] = mepd_rate(
        model, dmm, flat, offsets, lengths, batch, lambda: torch.autocast("cpu", enabled=False))
    result["torch_bf16_infer_samples_per_s"], result["torch_bf16_mepd_samples_per_s"] = mepd_rate(
        model, dmm, flat, offsets, lengths, batch, bf16)
    print(f"torch: inference {result['torch_infer_samples_per_s']:.0f} / {result['torch_bf16_infer_samples_per_s']:.0f}"
          f" samples/s, MEPD {result['torch_mepd_samples_per_s']:.0f} / {result['torch_bf16_mepd_samples_per_s']:.0f}"
          " samples/s (fp32 / bf16)", file=sys.stderr)


def measure_training(model, cfg, ids, mask, labels, result):
    """Training steps on the timed batch: fp32 and bf16 autocast, with the default AdamW and the fused one."""
    model.train()
    model.words.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=3e-5, weight_decay=0.01)

    def train_step(autocast, foreach=None):
        optimizer.zero_grad(set_to_none=True)
        with autocast():
            loss = F.cross_entropy(model(ids, mask), labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0, foreach=foreach)
        optimizer.step()

    train_repeats = int(cfg["train_repeats"])
    result["torch_train_step_ms"], result["torch_train_step_samples_ms"] = timed(
        lambda: train_step(lambda: torch.autocast("cpu", enabled=False)), 2, train_repeats)
    result["torch_bf16_train_step_ms"], result["torch_bf16_train_step_samples_ms"] = timed(
        lambda: train_step(bf16), 2, train_repeats)
    print(f"torch: train step {result['torch_train_step_ms']:.0f} ms fp32, {result['torch_bf16_train_step_ms']:.0f} ms"
          " bf16 autocast", file=sys.stderr)
    try:
        # Ours steps AdamW in one fused call; PyTorch's default on CPU is a loop per parameter, so its fused
        # optimizer (PyTorch >= 2.4) is timed too: the strongest peer, not the default one.
        optimizer = torch.optim.AdamW(params, lr=3e-5, weight_decay=0.01, fused=True)
        result["torch_fused_adamw_train_step_ms"], result["torch_fused_adamw_train_step_samples_ms"] = timed(
            lambda: train_step(lambda: torch.autocast("cpu", enabled=False), True), 2, train_repeats)
        result["torch_bf16_fused_adamw_train_step_ms"], result["torch_bf16_fused_adamw_train_step_samples_ms"] = timed(
            lambda: train_step(bf16, True), 2, train_repeats)
        print(f"torch: train step with fused AdamW {result['torch_fused_adamw_train_step_ms']:.0f} ms fp32, "
              f"{result['torch_bf16_fused_adamw_train_step_ms']:.0f} ms bf16 autocast", file=sys.stderr)
    except (RuntimeError, TypeError) as e:
        print(f"torch: no fused AdamW on this CPU build ({e})", file=sys.stderr)
    model.eval()


def main(inp, outp, rounds=False):
    data = np.load(inp)
    cfg = json.loads(bytes(data["config.json"]).decode())
    threads = int(cfg["threads"])
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(threads)
    torch.manual_seed(int(cfg["seed"]))
    weights = {k: data[k] for k in data.files if k.endswith(".weight") or k.endswith(".bias")}
    model = Classifier(weights, heads=int(cfg["heads"]))
    ids = torch.from_numpy(data["batch_ids"])
    mask = torch.ones_like(ids)
    labels = torch.from_numpy(data["batch_labels"])
    # Debian's torch calls the system libblas.so.3; which BLAS that is decides its speed.
    blas = "/usr/lib/x86_64-linux-gnu/libblas.so.3"
    result = {"torch_version": torch.__version__, "threads": threads,
              "blas": os.path.realpath(blas) if os.path.exists(blas) else "unknown"}

    model.eval()
    if rounds:
        measure_inference(model, data, cfg, ids, mask, result)
        measure_training(model, cfg, ids, mask, labels, result)
        with open(outp, "w") as f:
            json.dump(result, f, indent=2)
        return
    with torch.no_grad():
        probs = model(ids, mask).softmax(-1).numpy()
        with bf16():
            probs_bf16 = model(ids, mask).float().softmax(-1).numpy()
    result["parity_max_abs_diff"] = float(np.abs(probs - data["java_probabilities"]).max())
    # How far bf16 moves probabilities at all, and how far Java's bf16 is from PyTorch's autocast.
    result["torch_bf16_vs_fp32_max_abs_diff"] = float(np.abs(probs_bf16 - probs).max())
    if "java_bf16_probabilities" in data.files:
        result["bf16_parity_max_abs_diff"] = float(np.abs(probs_bf16 - data["java_bf16_probabilities"]).max())
    print(f"torch {torch.__version__} (sdpa {SDPA}): parity with Java, max |diff| {result['parity_max_abs_diff']:.2e}"
          f" fp32, {result.get('bf16_parity_max_abs_diff', float('nan')):.2e} bf16", file=sys.stderr)

    measure_inference(model, data, cfg, ids, mask, result, eager=True)

    measure_training(model, cfg, ids, mask, labels, result)

    for m, k, n in ((2048, 384, 384), (2048, 384, 1536)):
        a, b = torch.randn(m, k), torch.randn(k, n)
        ms, _ = timed(lambda: a @ b, 3, 30)
        result[f"torch_matmul_{m}x{k}x{n}_gflops"] = 2.0 * m * k * n / (ms / 1000) / 1e9
        a16, b16 = a.to(torch.bfloat16), b.to(torch.bfloat16)
        ms, _ = timed(lambda: a16 @ b16, 3, 30)
        result[f"torch_bf16_matmul_{m}x{k}x{n}_gflops"] = 2.0 * m * k * n / (ms / 1000) / 1e9
    with open(outp, "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or len(sys.argv) == 4 and sys.argv[3] != "--rounds":
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], len(sys.argv) == 4)
