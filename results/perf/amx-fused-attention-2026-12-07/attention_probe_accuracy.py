import sys
import torch, torch.nn.functional as F
torch.manual_seed(0)
s=torch.jit.load('sys.argv[1]')
qkv=torch.randn(32,64,3*384); mask=torch.zeros(32,1,1,64); mask[:,:,:,50:]=-1e4
t=qkv.view(32,64,3,12,32).permute(2,0,3,1,4); q,k,v=t[0],t[1],t[2]
ref=torch.matmul(F.softmax(torch.matmul(q,k.transpose(-1,-2))+mask,-1),v).transpose(1,2).reshape(32,64,384)
for mode in (0,1):
  o=s(qkv,mask,torch.tensor([mode,1.]))
  print(mode,(o-ref).abs().max().item(),(o-ref).abs().mean().item())
