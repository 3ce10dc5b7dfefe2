package org.bedkd.detector.screening;

import java.util.List;
import org.bedkd.defense.mepd.MepdScorer;
import org.bedkd.model.TextClassifier;

/** A loaded screener: both models in memory and the MEPD scorer over them. */
public final class Screener implements AutoCloseable {

    private final ScreenerSpec spec;
    private final TextClassifier suspect;
    private final TextClassifier dmm;
    private final MepdScorer scorer;

    Screener(ScreenerSpec spec, TextClassifier suspect, TextClassifier dmm) {
        this.spec = spec;
        this.suspect = suspect;
        this.dmm = dmm;
        this.scorer = new MepdScorer(suspect, dmm, 64);
    }

    public ScreenerSpec spec() {
        return spec;
    }

    public int classes() {
        return suspect.schema().size();
    }

    /** MEPD and predicted class of every text (one batched pass of each model). */
    public MepdScorer.Screened screen(List<String> texts) {
        return scorer.screen(texts);
    }

    @Override
    public void close() {
        suspect.close();
        dmm.close();
    }
}
