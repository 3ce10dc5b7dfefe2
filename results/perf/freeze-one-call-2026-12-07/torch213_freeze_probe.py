# What preparing MiniLM-L6-shaped weights costs in PyTorch 2.13 (the image's wheel), 2 threads: stack+scale, cast, prepack
# (output in torch213-probes.txt). PYTHONPATH=<wheel dir> python3 torch213_freeze_probe.py
import torch, time
torch.set_num_threads(2)
H=384; F=1536
layers=[dict(q=torch.randn(H,H),k=torch.randn(H,H),v=torch.randn(H,H),o=torch.randn(H,H),i=torch.randn(F,H),o2=torch.randn(H,F)) for _ in range(6)]
def freeze_plain():
    out=[]
    for L in layers:
        qkv=torch.cat([L['q']*0.125,L['k'],L['v']],0)
        for w in (qkv,L['o'],L['i'],L['o2']):
            out.append(torch.ops.mkldnn._reorder_linear_weight(w.to(torch.bfloat16),None))
    return out
def freeze_bfcat():
    out=[]
    for L in layers:
        qkv=torch.cat([(L['q']*0.125).to(torch.bfloat16),L['k'].to(torch.bfloat16),L['v'].to(torch.bfloat16)],0)
        out.append(torch.ops.mkldnn._reorder_linear_weight(qkv,None))
        for w in (L['o'],L['i'],L['o2']):
            out.append(torch.ops.mkldnn._reorder_linear_weight(w.to(torch.bfloat16),None))
    return out
def cast_only():
    return [w.to(torch.bfloat16) for L in layers for w in L.values()]
for f in (freeze_plain,freeze_bfcat,cast_only,freeze_plain,freeze_bfcat,cast_only):
    ts=[]
    for r in range(15):
        t=time.perf_counter(); f(); ts.append((time.perf_counter()-t)*1e3)
    ts.sort(); print(f.__name__, "%.2f ms"%ts[7])
