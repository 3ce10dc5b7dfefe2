"""The probe behind the 2026-12-05 change (PERFORMANCE.md, "Attention written out on a CPU"): one attention call at
this model's inference shapes (32 sentences x 12 heads x 64 tokens x 32, bf16, a padding mask), three ways.
Run from the repository root: PYTHONPATH=<PyTorch 2.13 wheel dir> python3 <this file>"""
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, "bedkd-bench/src/main/resources/org/bedkd/bench")
from torch_reference import timed  # noqa: E402  (the bench's own timing: warm-up, then the median)

torch.set_num_threads(2)
B, H, S, D = 32, 12, 64, 32
qkv = torch.randn(B, S, 3, H, D).bfloat16().permute(2, 0, 3, 1, 4)  # strided, as after a fused QKV product
q, k, v = qkv[0], qkv[1], qkv[2]
bias = torch.zeros(B, 1, 1, S).bfloat16()
bias[:5, :, :, 40:] = -1e9
scale = D ** -0.5


def sdpa():
    return F.scaled_dot_product_attention(q, k, v, attn_mask=bias)


def written_out_bf16():
    return ((q @ k.transpose(-1, -2)) * scale + bias).softmax(-1) @ v


def written_out_under_autocast():
    with torch.autocast("cpu", dtype=torch.bfloat16):
        return torch.matmul((torch.matmul(q, k.transpose(-1, -2)) * scale + bias.float()).softmax(-1), v)


reference = F.scaled_dot_product_attention(q.float(), k.float(), v.float(), attn_mask=bias.float())
for fn in (sdpa, written_out_bf16, written_out_under_autocast):
    worst = (fn().float() - reference).abs().max()
    print(f"{fn.__name__}: {timed(fn, 5, 40)[0]:.2f} ms, max |diff| to float32 {worst:.1e}")
