"""Writes bedkd-core's optimizer step: gradient clipping and AdamW over every parameter in one TorchScript call.

Why: DJL's adamUpdate runs per parameter (a JNI call and about ten tensor ops each, a clone of the gradient among
them), and the clipping norm was read parameter by parameter; with about 100 parameters that is over a thousand small
ops per step. Here libtorch's _foreach_norm and _fused_adamw_ (one vectorised, multi-threaded pass over all
parameters) do the same work. AdamW as torch.optim.AdamW computes it: decoupled weight decay, bias-corrected moments,
eps added after the bias correction. The script holds no state: the moments and step counts are the caller's tensors,
updated in place.

Run with any PyTorch >= 2.4 (the file is plain TorchScript source, which libtorch 2.7 loads):
    PYTHONPATH=<torch wheel dir> python3 bedkd-core/src/main/python/fused_adamw.py \
        bedkd-core/src/main/resources/org/bedkd/train/fused-adamw.pt
"""
import math
import sys
from typing import List

import torch
from torch import Tensor


class FusedAdamW(torch.nn.Module):
    def forward(self, params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor],
                steps: List[Tensor], lr: float, weight_decay: float, beta1: float, beta2: float, eps: float,
                max_norm: float) -> float:
        """Clips the gradients' global norm to max_norm (0: no clipping), applies AdamW, zeroes the gradients and
        returns the norm before clipping. A norm that is not finite is returned before anything changes."""
        with torch.no_grad():
            norms = torch._foreach_norm(grads, 2.0)
            norm = float(torch.linalg.vector_norm(torch.stack(norms), 2.0).item())
            if not math.isfinite(norm):
                return norm
            if max_norm > 0.0 and norm > max_norm:
                torch._foreach_mul_(grads, max_norm / (norm + 1e-6))
            torch._foreach_add_(steps, 1.0)
            torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, torch.jit.annotate(List[Tensor], []), steps,
                                lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False,
                                maximize=False, grad_scale=None, found_inf=None)
            torch._foreach_zero_(grads)
        return norm


if __name__ == "__main__":
    torch.jit.script(FusedAdamW()).save(sys.argv[1])
