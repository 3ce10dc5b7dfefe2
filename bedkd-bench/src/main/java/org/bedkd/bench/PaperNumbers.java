package org.bedkd.bench;

import java.util.Map;

/**
 * The paper's SST-2 numbers (BERT-base, GPU; Tables 1 and 2 of docs/paper-bedkd.txt) as {ASR, CACC}, for side-by-side
 * tables.
 */
final class PaperNumbers {

    static final Map<String, double[]> SST2 = Map.ofEntries(
            Map.entry("badwords/none", new double[] {100.00, 91.63}), Map.entry("addsent/none", new double[] {100.00, 91.62}),
            Map.entry("synbkd/none", new double[] {95.27, 91.51}),
            Map.entry("badwords/ft", new double[] {63.06, 88.65}), Map.entry("addsent/ft", new double[] {72.07, 88.07}),
            Map.entry("synbkd/ft", new double[] {66.22, 89.22}),
            Map.entry("badwords/kd", new double[] {100.00, 91.74}), Map.entry("addsent/kd", new double[] {100.00, 91.40}),
            Map.entry("synbkd/kd", new double[] {94.60, 91.97}),
            Map.entry("badwords/ft+dmm", new double[] {19.60, 88.30}),
            Map.entry("addsent/ft+dmm", new double[] {10.59, 89.33}),
            Map.entry("synbkd/ft+dmm", new double[] {22.97, 87.84}),
            Map.entry("badwords/kd+dmm", new double[] {20.50, 91.86}),
            Map.entry("addsent/kd+dmm", new double[] {14.41, 91.63}),
            Map.entry("synbkd/kd+dmm", new double[] {40.54, 91.17}),
            Map.entry("badwords/bedkd-paper", new double[] {0.00, 90.14}),
            Map.entry("addsent/bedkd-paper", new double[] {0.00, 91.17}),
            Map.entry("synbkd/bedkd-paper", new double[] {2.48, 90.48}),
            // Table 1's rival filters: IMBERT (K = 3) and ONION, whose language model there is GPT-2 Large; our
            // ONION row is named by its bigram model and set beside the paper's ONION.
            Map.entry("badwords/imbert", new double[] {20.95, 83.95}),
            Map.entry("addsent/imbert", new double[] {18.02, 85.67}),
            Map.entry("synbkd/imbert", new double[] {89.86, 86.01}),
            Map.entry("badwords/onion-bigram", new double[] {49.32, 89.40}),
            Map.entry("addsent/onion-bigram", new double[] {91.67, 88.07}),
            Map.entry("synbkd/onion-bigram", new double[] {90.09, 90.02}));

    /** Table 3: the DMM's FAR / FRR on SST-2 with L_hard + L_soft (γ = 0.1). */
    static final Map<String, double[]> SST2_DMM = Map.of("badwords", new double[] {0.00, 0.92}, "addsent",
            new double[] {0.00, 0.69}, "synbkd", new double[] {42.0, 1.4});

    private PaperNumbers() {
    }

    /** The paper's Table 3 line for an SST-2 attack, or "" when it has none. */
    static String sst2Dmm(String attack) {
        double[] v = SST2_DMM.get(attack);
        return v == null ? "" : String.format(java.util.Locale.ROOT, "Paper Table 3 (BERT-base, L_hard + L_soft, γ = "
                + "0.1): FAR %.2f / FRR %.2f.%n", v[0], v[1]);
    }

    /** "ASR / CACC" of the paper for an SST-2 cell, or "–". */
    static String sst2(String attack, String method) {
        double[] v = SST2.get(attack + "/" + method);
        return v == null ? "–" : String.format(java.util.Locale.ROOT, "%.2f / %.2f", v[0], v[1]);
    }
}
