package org.bedkd.detector.screening;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bedkd.contracts.FilterVerdict;
import org.bedkd.contracts.ScreeningRecord;
import org.bedkd.contracts.ScreeningVerdict;
import org.bedkd.defense.filter.InputFilter;
import org.bedkd.defense.filter.Screened;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.TextClassifier;
import org.bedkd.model.TextTokenizer;

/**
 * A loaded screener: both models in memory, the MEPD scorer over them and, when the spec names one, an inference-time
 * filter beside it (fitted on the registering job's clean split).
 */
public final class Screener implements AutoCloseable {

    /** Texts per scoring pass of each model: a poll's records are scored in length-sorted batches of this many. */
    static final int BATCH = 64;

    private final ScreenerSpec spec;
    private final TextClassifier suspect;
    private final TextClassifier dmm;
    private final MepdScorer scorer;
    private final InputFilter filter;
    /** A screener's models never change: their bf16 weight copies are made once, for its whole life. */
    private final TextClassifier.FrozenScope suspectFrozen;
    private final TextClassifier.FrozenScope dmmFrozen;

    Screener(ScreenerSpec spec, TextClassifier suspect, TextClassifier dmm, InputFilter filter) {
        this.spec = spec;
        this.suspect = suspect;
        this.dmm = dmm;
        this.scorer = new MepdScorer(suspect, dmm, BATCH);
        this.filter = filter;
        this.suspectFrozen = suspect.frozenForInference();
        this.dmmFrozen = dmm.frozenForInference();
    }

    /**
     * A pass of both models over every shape a full batch can take ({@link #BATCH} texts of 2 to the tokenizer's most
     * tokens), so the engine's first-call work is done before the first records, not inside them: besides the script's
     * first runs, oneDNN creates its kernels per input shape (5–25 ms a new shape on the AMX Xeon), and a poll of up to
     * 256 records is cut into length-sorted batches whose lengths keep being new for minutes. Polls of random size
     * screened 8–14 % slower the first time than the same polls again (results/perf/screening-shapes-2026-12-07). The
     * last, partial batch of a poll still meets new shapes.
     *
     * @param everyShape the pass over every shape ({@code false}: one short pass, for the script's first runs only)
     */
    void warmUp(boolean everyShape) {
        scorer.screen(List.of("warm-up", "a second, longer warm-up text"));
        if (!everyShape) {
            return;
        }
        TextTokenizer tokenizer = suspect.tokenizer();
        long[] longest = tokenizer.encode(List.of("warm-up ".repeat(tokenizer.maxLength())))[0];
        for (int tokens = 2; tokens <= longest.length; tokens++) {
            long[] row = Arrays.copyOf(longest, tokens);
            row[tokens - 1] = longest[longest.length - 1]; // the closing special token
            long[][] batch = new long[BATCH][];
            Arrays.fill(batch, row);
            scorer.screen(batch);
        }
    }

    public ScreenerSpec spec() {
        return spec;
    }

    public int classes() {
        return suspect.schema().size();
    }

    /**
     * The verdict on every record (one batched pass of each model, and the filter's): quarantined when MEPD is under
     * γ ({@link ScreenerSpec#underGamma}) or the filter refuses the text.
     */
    public List<ScreeningVerdict> verdicts(List<ScreeningRecord> records) {
        List<String> texts = records.stream().map(ScreeningRecord::text).toList();
        MepdScorer.Screened scored = scorer.screen(texts);
        List<Screened> filtered = filter == null ? null : filter.screen(suspect, texts);
        List<ScreeningVerdict> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ScreeningRecord r = records.get(i);
            FilterVerdict f = filtered == null ? null : new FilterVerdict(filter.name(), filtered.get(i).rejected(),
                    filtered.get(i).text(), filtered.get(i).score());
            int label = r.label() != null ? r.label() : scored.predicted()[i];
            boolean quarantined = spec.underGamma(scored.mepd()[i], label) || f != null && f.refused();
            out.add(new ScreeningVerdict(r.id(), r.text(), r.label(), scored.mepd()[i], quarantined,
                    scored.predicted()[i], spec.id(), f));
        }
        return out;
    }

    @Override
    public void close() {
        suspectFrozen.close();
        dmmFrozen.close();
        suspect.close();
        dmm.close();
    }
}
