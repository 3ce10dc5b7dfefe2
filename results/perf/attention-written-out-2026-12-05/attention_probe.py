"""The probe behind the 2026-12-05 change (PERFORMANCE.md, "Attention written out on a CPU"): one attention call at
this model's inference shapes (32 sentences x 12 heads x 64 tokens x 32, bf16, a padding mask), three ways.
Run: PYTHONPATH=<PyTorch 2.13 wheel dir> python3 attention_probe.py"""
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(2)
B, H, S, D = 32, 12, 64, 32
qkv = torch.randn(B, S, 3, H, D).bfloat16().permute(2, 0, 3, 1, 4)  # strided, as after a fused QKV product
q, k, v = qkv[0], qkv[1], qkv[2]
bias = torch.zeros(B, 1, 1, S).bfloat16()
bias[:5, :, :, 40:] = -1e9
scale = D ** -0.5


def median_ms(fn, n=40):
    for _ in range(5):
        fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[n // 2]


def sdpa():
    return F.scaled_dot_product_attention(q, k, v, attn_mask=bias)


def written_out_bf16():
    return ((q @ k.transpose(-1, -2)) * scale + bias).softmax(-1) @ v



def written_out_under_autocast():
    with torch.autocast("cpu", dtype=torch.bfloat16):
        return torch.matmul((torch.matmul(q, k.transpose(-1, -2)) * scale + bias.float()).softmax(-1), v)


reference = F.scaled_dot_product_attention(q.float(), k.float(), v.float(), attn_mask=bias.float())
for fn in (sdpa, written_out_bf16, written_out_under_autocast):
    print(f"{fn.__name__}: {median_ms(fn):.2f} ms, max |diff| to float32 {(fn().float() - reference).abs().max():.1e}")
