/** Reading pretrained weights out of ONNX files (protobuf classes generated from a minimal ONNX schema subset). */
package org.bedkd.model.onnx;
