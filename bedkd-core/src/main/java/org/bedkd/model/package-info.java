/**
 * The text classifier: a HuggingFace-compatible BERT encoder written as DJL blocks, a classification head, the
 * tokenizer, the import of pretrained all-MiniLM-L6-v2 weights from ONNX, and checkpoints (save, load, copy).
 */
package org.bedkd.model;
