package org.bedkd.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A HuggingFace WordPiece tokenizer from a {@code tokenizer.json}: adds [CLS]/[SEP], truncates to the model's maximum
 * length and does not pad (batches are padded to their own longest text, see {@link BatchEncoder}).
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final byte[] json;
    private final int maxLength;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, byte[] json, int maxLength) {
        this.tokenizer = tokenizer;
        this.json = json;
        this.maxLength = maxLength;
    }

    public static TextTokenizer fromJson(byte[] json, int maxLength) {
        DjlRuntime.configure();
        Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "true", "padding", "false",
                "maxLength", String.valueOf(maxLength));
        try {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options),
                    json.clone(), maxLength);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a usable tokenizer.json: " + e.getMessage(), e);
        }
    }

    /** Token ids of each text, special tokens included, at most {@link #maxLength()} long. */
    public long[][] encode(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        long[][] ids = new long[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            ids[i] = encodings[i].getIds();
        }
        return ids;
    }

    /**
     * A text's tokens with where each came from: {@code start[i]}..{@code end[i]} are the character offsets of token
     * {@code i} in the text, -1 for special tokens ([CLS], [SEP]).
     */
    public record Spans(long[] ids, int[] start, int[] end) {
    }

    /** {@link #encode} with each token's character span. */
    public List<Spans> encodeWithSpans(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        List<Spans> out = new java.util.ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            long[] ids = e.getIds();
            long[] special = e.getSpecialTokenMask();
            ai.djl.huggingface.tokenizers.jni.CharSpan[] spans = e.getCharTokenSpans();
            int[] start = new int[ids.length];
            int[] end = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                boolean none = special[i] == 1 || spans == null || i >= spans.length || spans[i] == null;
                start[i] = none ? -1 : spans[i].getStart();
                end[i] = none ? -1 : spans[i].getEnd();
            }
            out.add(new Spans(ids, start, end));
        }
        return out;
    }

    public int maxLength() {
        return maxLength;
    }

    /** The tokenizer definition, as saved in checkpoints. */
    public byte[] json() {
        return json.clone();
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
