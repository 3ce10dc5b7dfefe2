package org.bedkd.attack;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.bedkd.data.Dataset;

/**
 * SynBkd (Hidden Killer): replaces a text by its syntactic paraphrase with the template
 * {@code S(SBAR)(,)(NP)(VP)(.)}. No SCPN model runs here, so paraphrases come pre-generated with the data: this
 * attack is a lookup from original text to paraphrase.
 */
public final class SynBkd implements TriggerAttack {

    private final Map<String, String> paraphrases;

    public SynBkd(Map<String, String> paraphrases) {
        if (paraphrases.isEmpty()) {
            throw new IllegalArgumentException("SynBkd needs at least one paraphrase");
        }
        this.paraphrases = Map.copyOf(paraphrases);
    }

    /**
     * Pairs two row-aligned files (e.g. HiddenKiller's clean and {@code scpn/20} train sets): where the text at the
     * same index differs, the second is the paraphrase of the first.
     */
    public static SynBkd fromAligned(Dataset clean, Dataset paraphrased) {
        if (clean.size() != paraphrased.size()) {
            throw new IllegalArgumentException("aligned files differ in length: " + clean.size() + " vs "
                    + paraphrased.size());
        }
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < clean.size(); i++) {
            String a = clean.get(i).text();
            String b = paraphrased.get(i).text();
            if (!a.equals(b)) {
                map.put(key(a), b);
            }
        }
        return new SynBkd(map);
    }

    public int size() {
        return paraphrases.size();
    }

    @Override
    public String name() {
        return "synbkd";
    }

    @Override
    public Optional<String> trigger(String text, Random rng) {
        return Optional.ofNullable(paraphrases.get(key(text)));
    }

    private static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
