"""Writes bedkd-core's bf16 kernel: one post-LayerNorm BERT layer as TorchScript, computed the way
torch.autocast("cpu", dtype=torch.bfloat16) computes it (projections, attention and the feed-forward in bf16;
residual sums and LayerNorm in fp32; fp32 in and out). Its frozen_forward, for inference on weights that do not
change, keeps the residual stream between layers in bf16 unless asked not to (as inference on a model cast to bf16
runs; 14-16 % faster on a Xeon with AMX, results/PERFORMANCE.md).

Why TorchScript: DJL's PyTorch JNI has no bf16 dtype (NDArray.toType(BFLOAT16) aborts the process) and its casts run
without autograd, so a bf16 path through DJL ops cannot train. A scripted method called through DJL with training on
runs under libtorch's autograd, casts included, and keeps every tensor DJL sees in fp32. The weights stay DJL
parameters (fp32 master weights, DJL's optimizer); the script holds no state.

Run with any PyTorch >= 2.0 (the file is plain TorchScript source, version 3, which libtorch 2.7 loads):
    PYTHONPATH=<torch wheel dir> python3 bedkd-core/src/main/python/bf16_layer.py \
        bedkd-core/src/main/resources/org/bedkd/model/bf16-layer.pt
"""
import math
import sys
from typing import List, Optional

import torch
import torch.nn.functional as F
from torch import Tensor


def _heads(t: Tensor, heads: int) -> Tensor:
    """[B, S, H] to [B, heads, S, H / heads]."""
    return t.view(t.shape[0], t.shape[1], heads, t.shape[2] // heads).transpose(1, 2)


def _drops(p: float) -> int:
    """How many of the 2^32 int32 draw values a mask for p drops (p rounded to a multiple of 2^-32), 0 to 2^32."""
    return min(max(int(round(p * 4294967296.0)), 0), 4294967296)


def _keep_scale(p: float) -> float:
    """1 / (1 - p) for the p a mask from draws really drops (_drops), so the expectation is exact; 0 when everything
    is dropped."""
    drop = _drops(p)
    if drop == 4294967296:
        return 0.0
    return 4294967296.0 / (4294967296 - drop)


def _mask(x: Tensor, p: float, draws: Tensor) -> Tensor:
    """x with dropout's mask from draws (uniform int32, one per element of x) and not rescaled: the layer folds
    _keep_scale into the weights of the projection before (a pass over a 384 x 384 weight instead of one over
    activations 5 to 11 times larger at 32 sentences x 64 tokens). A multiply by a 0/1 bf16 mask is exact and costs
    about half of torch.where(keep, x * scale, 0) forward and backward (1.6 against 3.1 ms at 32 x 12 x 64 x 64,
    PyTorch 2.13, 2 threads; results/perf/dropout-fold-2026-12-05).

    Why draws: libtorch's CPU bernoulli_ (no MKL in this build) draws a double per element on one thread, about
    150 M elements per second, a fifth of a bf16 training step. The caller passes draws made faster
    (Bf16LayerKernel says how)."""
    drop = _drops(p)
    if drop == 0:
        return x
    if drop == 4294967296:
        return x * 0.0
    return x * (draws.view(x.shape) >= drop - 2147483648).to(x.dtype)


def _dropped(x: Tensor, p: float, training: bool, draws: Tensor) -> Tensor:
    """Dropout p of x in the layer: with draws, the mask only (_mask: the caller folded the scale in); without
    them (on a GPU, whose bernoulli_ is fast) F.dropout, which scales itself."""
    if not training or p <= 0.0:
        return x
    if draws.numel() == 0:
        return F.dropout(x, p, True)
    return _mask(x, p, draws)


def _scaled(t: Tensor, scale: float) -> Tensor:
    """A weight or bias times scale; the same tensor when scale is 1 (no op, no autograd node)."""
    if scale == 1.0:
        return t
    return t * scale


def _attention(q: Tensor, k: Tensor, v: Tensor, bias: Tensor, p: float, training: bool, draws: Tensor,
               fused: bool) -> Tensor:
    """softmax(q k^T + bias) v with dropout p on the probabilities (draws as for _dropped), q already scaled by
    1 / sqrt(d) (folded into its projection's weights: the score matrix, 11 times larger at 32 x 64 tokens, then
    needs no pass of its own).

    On a CPU written out in bf16 (scores, softmax, products) unless the caller asks for the fused kernel (fused: frozen
    inference on a CPU with AMX): F.scaled_dot_product_attention's CPU flash kernel, the only one it has for bf16
    there, took 7.0-7.2 ms per call at this model's inference shapes (32 x 12 heads x 64 tokens x 32) on an EPYC with
    avx512_bf16 in PyTorch 2.13 where these three ops took 2.4 (results/PERFORMANCE.md). On a Xeon with AMX it is the
    faster one (1.6 against 1.9 ms per call in libtorch 2.7.1, 0.5 against 0.7 in 2.13; it reads the heads in place,
    no copies), but only the frozen path gains from it end to end (results/PERFORMANCE.md), and it has no kernel with
    dropout (its fallback upcasts to fp32). Written out, the scores are rounded to bf16 as autocast's written-out
    attention rounds them (the bf16 parity tests bound what that moves). On a GPU, and for libtorch's own dropout
    masks, SDPA.
    """
    if q.is_cuda or (training and p > 0.0 and draws.numel() == 0) or fused:
        return F.scaled_dot_product_attention(q, k, v, attn_mask=bias, dropout_p=p if training else 0.0, scale=1.0)
    scores = torch.matmul(q, k.transpose(-1, -2)) + bias
    return torch.matmul(_dropped(F.softmax(scores, -1), p, training, draws), v)


def _project(x: Tensor, w: Tensor, b: Tensor, packed: bool, post_op: str, algorithm: str) -> Tensor:
    """x @ w.T + b, then post_op ("none", "gelu" with algorithm "none" (erf) or "tanh", or "relu"); through
    oneDNN's fused kernel when w was prepacked (pack_linear), else F.linear and the activation."""
    if packed:
        # "number" is TorchScript's Scalar (the op's Scalar?[]); this function is only ever compiled, never run eagerly.
        scalars: List[Optional[number]] = []  # noqa: F821
        return torch.ops.mkldnn._linear_pointwise(x, w, b, post_op, scalars, algorithm)
    y = F.linear(x, w, b)
    if post_op == "gelu":
        return F.gelu(y, approximate=algorithm)
    if post_op == "relu":
        return F.relu(y)
    return y


def _plus_projection(x: Tensor, residual: Tensor, w: Tensor, b: Tensor, packed: bool) -> Tensor:
    """residual + (x @ w.T + b) in bf16: the sum is oneDNN's post-op of the product when w was prepacked (one pass
    over the output instead of two), else a bf16 add."""
    if packed:
        return torch.ops.mkldnn._linear_pointwise(x, residual, w, b, "add")
    return residual + F.linear(x, w, b)


def _prepared(w: Tensor, packed: bool) -> Tensor:
    """A bf16 projection weight, reordered into oneDNN's blocked layout when packed (pack_linear)."""
    if packed:
        return torch.ops.mkldnn._reorder_linear_weight(w, None)
    return w


class Bf16Layer(torch.nn.Module):
    def forward(self, x: Tensor, bias: Tensor, qw: Tensor, qb: Tensor, kw: Tensor, kb: Tensor, vw: Tensor,
                vb: Tensor, ow: Tensor, ob: Tensor, g1: Tensor, b1: Tensor, iw: Tensor, ib: Tensor, o2w: Tensor,
                o2b: Tensor, g2: Tensor, b2: Tensor, settings: Tensor, draws: Tensor) -> Tensor:
        # settings: heads, attention dropout, hidden dropout, LayerNorm eps, activation (0 gelu, 1 gelu tanh,
        # 2 relu), training (0/1). A tensor because DJL passes tensors only. draws: int32 for the three dropout
        # masks in order (attention probabilities, attention output, feed-forward output; a mask's part is empty
        # when its p is 0), or empty for libtorch's own masks.
        s: List[float] = settings.tolist()
        heads = int(s[0])
        p_attn = s[1]
        p_hidden = s[2]
        eps = s[3]
        act = int(s[4])
        training = s[5] > 0.5
        bf = torch.bfloat16
        batch, seq, hidden = x.shape[0], x.shape[1], x.shape[2]
        n_attn = batch * heads * seq * seq if training and p_attn > 0.0 and draws.numel() > 0 else 0
        n_hidden = batch * seq * hidden if training and p_hidden > 0.0 and draws.numel() > 0 else 0
        # With Java draws the masks are not rescaled: 1 / (1 - p) goes into the weights of the projection before
        # each dropout (value for the attention's, output and feed-forward output for the hidden ones).
        s_attn = _keep_scale(p_attn) if n_attn > 0 else 1.0
        s_hidden = _keep_scale(p_hidden) if n_hidden > 0 else 1.0
        c = 1.0 / math.sqrt(hidden // heads)
        xb = x.to(bf)
        q = _heads(F.linear(xb, (qw * c).to(bf), (qb * c).to(bf)), heads)
        k = _heads(F.linear(xb, kw.to(bf), kb.to(bf)), heads)
        v = _heads(F.linear(xb, _scaled(vw, s_attn).to(bf), _scaled(vb, s_attn).to(bf)), heads)
        ctx = _attention(q, k, v, bias.to(bf), p_attn, training, draws[:n_attn], False)
        ctx = ctx.transpose(1, 2).reshape(batch, seq, hidden)
        attended = _dropped(F.linear(ctx, _scaled(ow, s_hidden).to(bf), _scaled(ob, s_hidden).to(bf)), p_hidden,
                            training, draws[n_attn:n_attn + n_hidden])
        # fp32 + bf16 promotes to fp32 in the add itself: no separate upcast copy (as autocast's residual sum).
        h1 = F.layer_norm(x + attended, [hidden], g1, b1, eps)
        inner = F.linear(h1.to(bf), iw.to(bf), ib.to(bf))
        if act == 0:
            inner = F.gelu(inner)
        elif act == 1:
            inner = F.gelu(inner, approximate="tanh")
        else:
            inner = F.relu(inner)
        ff = _dropped(F.linear(inner, _scaled(o2w, s_hidden).to(bf), _scaled(o2b, s_hidden).to(bf)), p_hidden,
                      training, draws[n_attn + n_hidden:n_attn + 2 * n_hidden])
        return F.layer_norm(h1 + ff, [hidden], g2, b2, eps)

    @torch.jit.export
    def frozen_forward(self, x: Tensor, bias: Tensor, qkvw: Tensor, qkvb: Tensor, ow: Tensor, ob: Tensor,
                       g1: Tensor, b1: Tensor, iw: Tensor, ib: Tensor, o2w: Tensor, o2b: Tensor, g2: Tensor,
                       b2: Tensor, settings: Tensor) -> Tensor:
        """The same layer for inference on weights that do not change (no dropout, no autograd through the
        projections): query, key and value in one projection, and on a CPU the projections' weights prepacked
        for oneDNN once (pack_linear) with GELU fused into the feed-forward's first product, as PyTorch's own
        frozen CPU inference does. The query's third of qkvw and qkvb comes already scaled by 1 / sqrt(d) (as the
        trainable forward scales it; TransformerLayer.freeze). settings: heads, LayerNorm eps, activation code,
        packed (0/1), and optionally fused attention (0/1; _attention) and the residual stream (0: fp32 as autocast
        keeps it; 1: bf16 in and out; 2: bf16, fp32 out, for the last layer).

        A bf16 residual stream is what inference on a model cast to bf16 does: the residual sums go
        into the projections' oneDNN kernels (a sum post-op) instead of an fp32 pass of their own each, and the
        layer's input and LayerNorm outputs need no cast before the next product."""
        s: List[float] = settings.tolist()
        heads = int(s[0])
        eps = s[1]
        act = int(s[2])
        packed = s[3] > 0.5
        fused = len(s) > 4 and s[4] > 0.5
        stream = int(s[5]) if len(s) > 5 else 0
        bf = torch.bfloat16
        batch, seq, hidden = x.shape[0], x.shape[1], x.shape[2]
        xb = x.to(bf)
        qkv = _project(xb, qkvw, qkvb, packed, "none", "")
        qkv = qkv.view(batch, seq, 3, heads, hidden // heads).permute(2, 0, 3, 1, 4)
        no_draws = torch.empty(0, dtype=torch.int32)
        ctx = _attention(qkv[0], qkv[1], qkv[2], bias.to(bf), 0.0, False, no_draws, fused)
        ctx = ctx.transpose(1, 2).reshape(batch, seq, hidden)
        if act == 0:
            post_op, algorithm = "gelu", "none"
        elif act == 1:
            post_op, algorithm = "gelu", "tanh"
        else:
            post_op, algorithm = "relu", ""
        if stream > 0:
            h1 = F.layer_norm(_plus_projection(ctx, xb, ow, ob, packed), [hidden], g1, b1, eps)
            inner = _project(h1, iw, ib, packed, post_op, algorithm)
            out = F.layer_norm(_plus_projection(inner, h1, o2w, o2b, packed), [hidden], g2, b2, eps)
            return out.float() if stream == 2 else out
        # x.float(): a no-op on fp32, and an fp32 stream again should the setting change between two layers.
        h1 = F.layer_norm(x.float() + _project(ctx, ow, ob, packed, "none", ""), [hidden], g1, b1, eps)
        inner = _project(h1.to(bf), iw, ib, packed, post_op, algorithm)
        return F.layer_norm(h1 + _project(inner, o2w, o2b, packed, "none", ""), [hidden], g2, b2, eps)

    @torch.jit.export
    def freeze_layer(self, qw: Tensor, qb: Tensor, kw: Tensor, kb: Tensor, vw: Tensor, vb: Tensor, ow: Tensor,
                     ob: Tensor, iw: Tensor, ib: Tensor, o2w: Tensor, o2b: Tensor, settings: Tensor) -> List[Tensor]:
        """frozen_forward's projections from one layer's fp32 weights, in its order (qkvw, qkvb, ow, ob, iw, ib, o2w,
        o2b): query, key and value stacked with the query's third scaled by settings[0] (1 / sqrt(d)), every tensor
        cast to bf16, and the weights prepacked for oneDNN (pack_linear) when settings[1] is 1. One call per layer
        instead of one per tensor (and the scale and stack in DJL ops): preparing MiniLM-L6 through DJL took 13 ms
        instead of 22-24 (results/PERFORMANCE.md)."""
        s: List[float] = settings.tolist()
        scale = s[0]
        packed = s[1] > 0.5
        bf = torch.bfloat16
        qkvw = torch.cat([(qw * scale).to(bf), kw.to(bf), vw.to(bf)], 0)
        qkvb = torch.cat([(qb * scale).to(bf), kb.to(bf), vb.to(bf)], 0)
        return [_prepared(qkvw, packed), qkvb, _prepared(ow.to(bf), packed), ob.to(bf), _prepared(iw.to(bf), packed),
                ib.to(bf), _prepared(o2w.to(bf), packed), o2b.to(bf)]

    @torch.jit.export
    def pack_linear(self, w: Tensor) -> Tensor:
        """A projection weight cast to bf16 and reordered once into oneDNN's blocked layout (CPU only): the
        product then skips the per-call reorder that a plain bf16 weight pays."""
        return _prepared(w.to(torch.bfloat16), True)

    @torch.jit.export
    def to_bf16(self, w: Tensor) -> Tensor:
        """A weight cast once, for inference on weights that do not change (the forward's casts are then no-ops)."""
        return w.to(torch.bfloat16)

    @torch.jit.export
    def dropout_probe(self, x: Tensor, p: Tensor, draws: Tensor) -> Tensor:
        """The layer's dropout alone, in training mode (for the tests of its mask): the mask, and the scale the
        layer folds into the projection before it."""
        rate = float(p.item())
        if draws.numel() == 0:
            return F.dropout(x, rate, True)
        return _mask(x, rate, draws) * _keep_scale(rate)

    @torch.jit.export
    def matmul_probe(self, a: Tensor, b: Tensor, repeats: Tensor) -> Tensor:
        """The bench's probe of this libtorch's bf16 matmul: casts once, multiplies `repeats` times."""
        ab = a.to(torch.bfloat16)
        bb = b.to(torch.bfloat16)
        c = torch.matmul(ab, bb)
        for _ in range(int(repeats.item()) - 1):
            c = torch.matmul(ab, bb)
        return c.to(torch.float32)


if __name__ == "__main__":
    torch.jit.script(Bf16Layer()).save(sys.argv[1])
