package org.bedkd.detector.screening;

import java.util.ArrayList;
import java.util.List;
import org.bedkd.contracts.FilterVerdict;
import org.bedkd.contracts.ScreeningRecord;
import org.bedkd.contracts.ScreeningVerdict;
import org.bedkd.defense.filter.InputFilter;
import org.bedkd.defense.filter.Screened;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.TextClassifier;

/**
 * A loaded screener: both models in memory, the MEPD scorer over them and, when the spec names one, an inference-time
 * filter beside it (fitted on the registering job's clean split).
 */
public final class Screener implements AutoCloseable {

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
        this.scorer = new MepdScorer(suspect, dmm, 64);
        this.filter = filter;
        this.suspectFrozen = suspect.frozenForInference();
        this.dmmFrozen = dmm.frozenForInference();
    }

    /**
     * One pass of both models on a short text, so the engine's first-call work (TorchScript profiles and optimises the
     * kernel's graph on its first runs) is done before the first batch, not inside it.
     */
    void warmUp() {
        scorer.screen(List.of("warm-up", "a second, longer warm-up text"));
    }

    public ScreenerSpec spec() {
        return spec;
    }

    public int classes() {
        return suspect.schema().size();
    }

    /**
     * The verdict on every record (one batched pass of each model, and the filter's): quarantined when MEPD is under
     * γ or the filter refuses the text.
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
            boolean quarantined = scored.mepd()[i] < spec.gamma() || f != null && f.refused();
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
