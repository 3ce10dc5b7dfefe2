# PyTorch 2.13: oneDNN prepack (_reorder_linear_weight) of the 24 projection weights, with and without a batch-size hint,
# and the products on packed against plain bf16 weights (output in torch213-probes.txt).
import torch, time
torch.set_num_threads(2)
H=384; F=1536
ws=[torch.randn(3*H,H).bfloat16(), torch.randn(H,H).bfloat16(), torch.randn(F,H).bfloat16(), torch.randn(H,F).bfloat16()]*6
x=torch.randn(2048,H).bfloat16(); xf=torch.randn(2048,F).bfloat16()
def t(f, n=9):
    ts=[]
    for r in range(n):
        a=time.perf_counter(); f(); ts.append((time.perf_counter()-a)*1e3)
    ts.sort(); return ts[n//2]
for bs in (None, 2048, 32):
    print("reorder bs", bs, "%.2f ms"%t(lambda: [torch.ops.mkldnn._reorder_linear_weight(w,bs) for w in ws]))
    pw=[torch.ops.mkldnn._reorder_linear_weight(w,bs) for w in ws[:4]]
    def run():
        for _ in range(6):
            torch.ops.mkldnn._linear_pointwise(x,pw[0],None,"none",[],"")
            torch.ops.mkldnn._linear_pointwise(x,pw[1],None,"none",[],"")
            torch.ops.mkldnn._linear_pointwise(x,pw[2],None,"none",[],"")
            torch.ops.mkldnn._linear_pointwise(xf,pw[3],None,"none",[],"")
    print("  products %.2f ms"%t(run))
def plain():
    for _ in range(6):
        torch.nn.functional.linear(x,ws[0]); torch.nn.functional.linear(x,ws[1]); torch.nn.functional.linear(x,ws[2]); torch.nn.functional.linear(xf,ws[3])
print("plain F.linear products %.2f ms"%t(plain))
import torch.utils.benchmark
