import sys
import torch,time
torch.set_num_threads(2)
torch._C._jit_set_profiling_executor(False) if hasattr(torch._C,'_jit_set_profiling_executor') else None
s=torch.jit.load('sys.argv[1]')
qkv=torch.randn(32,64,3*384); mask=torch.zeros(32,1,1,64); mask[:,:,:,50:]=-1e4
for mode in (0,1):
  for r in range(3):
    t0=time.perf_counter(); s(qkv,mask,torch.tensor([mode,20.])); print(mode,'%.2f'%((time.perf_counter()-t0)*1e3/20))
