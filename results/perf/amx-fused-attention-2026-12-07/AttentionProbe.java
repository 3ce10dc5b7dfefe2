import ai.djl.ndarray.*; import ai.djl.ndarray.types.*; import ai.djl.pytorch.engine.*; import ai.djl.pytorch.jni.*;
import java.io.*;
/** Times attention_probe.py's script (argument: the .pt it wrote) in DJL's libtorch: mode 0 written out, 1 SDPA. */
public class AttentionProbe { public static void main(String[] a) throws Exception {
  ai.djl.engine.Engine e = ai.djl.engine.Engine.getEngine("PyTorch");
  System.out.println("torch "+e.getVersion());
  PtNDManager m=(PtNDManager)e.newBaseManager();
  PtSymbolBlock s; try(InputStream in=new FileInputStream(a[0])){ s=JniUtils.loadModule(m,in,true,false);}  
  JniUtils.setGraphExecutorOptimize(false);
  NDArray qkv=m.randomNormal(new Shape(32,64,3*384));
  float[] mk=new float[32*64]; for(int i=0;i<32;i++) for(int j=50;j<64;j++) mk[i*64+j]=-1e4f;
  NDArray mask=m.create(mk,new Shape(32,1,1,64));
  int reps=20;
  for(int mode=0;mode<2;mode++){ for(int r=0;r<3;r++){
    NDArray md=m.create(new float[]{mode,reps});
    long t0=System.nanoTime();
    NDList out=IValueUtils.forward(s,new NDList(qkv,mask,md),false);
    out.get(0).getFloat(0,0,0);
    System.out.printf("mode %d: %.2f ms/call%n",mode,(System.nanoTime()-t0)/1e6/reps);}
  }
  NDArray a0=IValueUtils.forward(s,new NDList(qkv,mask,m.create(new float[]{0,1})),false).get(0);
  NDArray a1=IValueUtils.forward(s,new NDList(qkv,mask,m.create(new float[]{1,1})),false).get(0);
  System.out.println("maxdiff "+a0.sub(a1).abs().max().getFloat());
}}
