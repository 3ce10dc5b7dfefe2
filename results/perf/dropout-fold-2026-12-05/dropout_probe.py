"""Dropout variants at the bf16 kernel's training shapes (6-layer MiniLM, batch 32 x 64 tokens), forward + backward,
bf16, 2 threads, TorchScript as in the kernel. Median ms per call (a training step has 6 layers x 3 dropouts)."""
import time, statistics
import torch
torch.set_num_threads(2)
bf = torch.bfloat16

@torch.jit.script
def a_where_scaled(x, draws, t: int, s: float):
    keep = draws >= t
    return torch.where(keep, x * s, 0.0)

@torch.jit.script
def e_mask_mul(x, draws, t: int):
    return x * (draws >= t).to(torch.bfloat16)

@torch.jit.script
def f_where_unscaled(x, draws, t: int):
    return torch.where(draws >= t, x, 0.0)

def timed(f, n=40):
    for _ in range(5): f()
    ts = []
    for _ in range(n):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts) * 1e3

for shape in [(32, 12, 64, 64), (32, 64, 384)]:
    x0 = torch.randn(shape, dtype=bf)
    draws = torch.randint(-2**31, 2**31 - 1, shape, dtype=torch.int32)
    t = int(round(0.1 * 2**32)) - 2**31
    s = 1 / 0.9
    g = torch.randn(shape, dtype=bf)
    def run(fn):
        def f():
            x = x0.clone().requires_grad_(True)
            fn(x).backward(g)
        return f
    res = {
        'base: clone, x*1, backward': timed(run(lambda x: x * 1.0)),
        'A where(keep, x*s, 0) [now]': timed(run(lambda x: a_where_scaled(x, draws, t, s))),
        'E x * (draws>=t).bf16': timed(run(lambda x: e_mask_mul(x, draws, t))),
        'F where(keep, x, 0)': timed(run(lambda x: f_where_unscaled(x, draws, t))),
    }
    print(shape, {k: round(v, 2) for k, v in res.items()})
# what folding 1/(1-p) into a 384x384 projection's weights costs (forward + backward of the scale and cast)
w0 = torch.randn(384, 384)
def fold():
    w = w0.clone().requires_grad_(True)
    (w * (1 / 0.9)).to(bf).float().sum().backward()
print('fold scale into a 384x384 weight', round(timed(fold), 3))
