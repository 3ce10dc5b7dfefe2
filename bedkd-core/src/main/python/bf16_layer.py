"""Writes bedkd-core's bf16 kernel: one post-LayerNorm BERT layer as TorchScript, computed the way
torch.autocast("cpu", dtype=torch.bfloat16) computes it (projections, attention and the feed-forward in bf16;
residual sums and LayerNorm in fp32; fp32 in and out).

Why TorchScript: DJL's PyTorch JNI has no bf16 dtype (NDArray.toType(BFLOAT16) aborts the process) and its casts run
without autograd, so a bf16 path through DJL ops cannot train. A scripted method called through DJL with training on
runs under libtorch's autograd, casts included, and keeps every tensor DJL sees in fp32. The weights stay DJL
parameters (fp32 master weights, DJL's optimizer); the script holds no state.

Run with any PyTorch >= 2.0 (the file is plain TorchScript source, version 3, which libtorch 2.7 loads):
    PYTHONPATH=<torch wheel dir> python3 bedkd-core/src/main/python/bf16_layer.py \
        bedkd-core/src/main/resources/org/bedkd/model/bf16-layer.pt
"""
import sys
from typing import List

import torch
import torch.nn.functional as F
from torch import Tensor


def _heads(t: Tensor, heads: int) -> Tensor:
    """[B, S, H] to [B, heads, S, H / heads]."""
    return t.view(t.shape[0], t.shape[1], heads, t.shape[2] // heads).transpose(1, 2)


class Bf16Layer(torch.nn.Module):
    def forward(self, x: Tensor, bias: Tensor, qw: Tensor, qb: Tensor, kw: Tensor, kb: Tensor, vw: Tensor,
                vb: Tensor, ow: Tensor, ob: Tensor, g1: Tensor, b1: Tensor, iw: Tensor, ib: Tensor, o2w: Tensor,
                o2b: Tensor, g2: Tensor, b2: Tensor, settings: Tensor) -> Tensor:
        # settings: heads, attention dropout, hidden dropout, LayerNorm eps, activation (0 gelu, 1 gelu tanh,
        # 2 relu), training (0/1). A tensor because DJL passes tensors only.
        s: List[float] = settings.tolist()
        heads = int(s[0])
        p_attn = s[1]
        p_hidden = s[2]
        eps = s[3]
        act = int(s[4])
        training = s[5] > 0.5
        bf = torch.bfloat16
        batch, seq, hidden = x.shape[0], x.shape[1], x.shape[2]
        xb = x.to(bf)
        q = _heads(F.linear(xb, qw.to(bf), qb.to(bf)), heads)
        k = _heads(F.linear(xb, kw.to(bf), kb.to(bf)), heads)
        v = _heads(F.linear(xb, vw.to(bf), vb.to(bf)), heads)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=bias.to(bf),
                                             dropout_p=p_attn if training else 0.0)
        ctx = ctx.transpose(1, 2).reshape(batch, seq, hidden)
        attended = F.dropout(F.linear(ctx, ow.to(bf), ob.to(bf)), p_hidden, training)
        h1 = F.layer_norm(x + attended.float(), [hidden], g1, b1, eps)
        inner = F.linear(h1.to(bf), iw.to(bf), ib.to(bf))
        if act == 0:
            inner = F.gelu(inner)
        elif act == 1:
            inner = F.gelu(inner, approximate="tanh")
        else:
            inner = F.relu(inner)
        ff = F.dropout(F.linear(inner, o2w.to(bf), o2b.to(bf)), p_hidden, training)
        return F.layer_norm(h1 + ff.float(), [hidden], g2, b2, eps)

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
