package org.bedkd.model.onnx;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bedkd.model.Tensor;

/**
 * Reads the weights of a BERT ONNX export (as written by HuggingFace Optimum / sentence-transformers) and names them
 * as HuggingFace does. Named initializers keep their names; the anonymous linear weights ({@code onnx::MatMul_N},
 * stored [in, out]) are named after the MatMul node that consumes them and transposed to [out, in].
 */
public final class OnnxWeights {

    private static final int FLOAT = 1;

    private OnnxWeights() {
    }

    public static Map<String, Tensor> read(InputStream in) throws IOException {
        CodedInputStream coded = CodedInputStream.newInstance(in);
        coded.setSizeLimit(Integer.MAX_VALUE);
        OnnxSubset.GraphProto graph = OnnxSubset.ModelProto.parseFrom(coded).getGraph();
        if (graph.getInitializerCount() == 0) {
            throw new IOException("not an ONNX model with weights (no initializers found)");
        }
        Map<String, String> matMulWeightToName = new HashMap<>();
        for (OnnxSubset.NodeProto node : graph.getNodeList()) {
            if ("MatMul".equals(node.getOpType()) && node.getInputCount() == 2 && node.getName().endsWith("/MatMul")) {
                String path = node.getName().substring(1, node.getName().length() - "/MatMul".length());
                matMulWeightToName.put(node.getInput(1), path.replace('/', '.') + ".weight");
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (OnnxSubset.TensorProto t : graph.getInitializerList()) {
            if (t.getDataType() != FLOAT) {
                continue; // shape constants and the like
            }
            Tensor tensor = toTensor(t);
            String hfName = matMulWeightToName.get(t.getName());
            if (hfName != null) {
                out.put(hfName, tensor.transpose2d());
            } else {
                out.put(t.getName(), tensor);
            }
        }
        return out;
    }

    private static Tensor toTensor(OnnxSubset.TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        float[] data;
        if (t.hasRawData()) {
            ByteBuffer buf = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            data = new float[buf.remaining() / Float.BYTES];
            buf.asFloatBuffer().get(data);
        } else {
            data = new float[t.getFloatDataCount()];
            for (int i = 0; i < data.length; i++) {
                data[i] = t.getFloatData(i);
            }
        }
        return new Tensor(shape, data);
    }
}
