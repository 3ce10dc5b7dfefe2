package org.bedkd.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The γ column of a results table: the rule each seed's detection used, one entry per kind of rule. A fitted rule's
 * text names its quantile, the trigger words found and why they were kept, which differs by seed; written out per seed
 * that filled a table cell with a paragraph, so the seeds' quantiles become a range and their words one list.
 */
final class GammaColumn {

    /** Words listed after this many are counted, not named. */
    static final int MAX_WORDS = 8;

    private static final Pattern QUANTILE = Pattern.compile("q(\\d+(?:\\.\\d+)?)");
    /** A word list runs to the end of the rule or to a bracketed remark after it (which says why, per seed). */
    private static final Pattern WORDS = Pattern.compile("words ([^()]+?)(?: \\(.*\\))?$");

    private GammaColumn() {
    }

    static String of(List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> byKind = rows.stream().filter(r -> r.get("gamma_rule") != null)
                .collect(Collectors.groupingBy(r -> kind(String.valueOf(r.get("gamma_rule"))), TreeMap::new,
                        Collectors.toList()));
        if (byKind.isEmpty()) {
            return "–";
        }
        boolean mixed = byKind.size() > 1;
        // kinds apart with " · ": a word list is comma-separated itself
        return byKind.entrySet().stream().map(e -> (e.getKey().startsWith("fit") ? fitted(e.getKey(), e.getValue())
                : withMeanGamma(e.getKey(), e.getValue())) + (mixed ? seeds(e.getValue().size()) : ""))
                .collect(Collectors.joining(" · "));
    }

    /** A fitted rule with its quantile and word list taken out; any other rule as it is. */
    static String kind(String rule) {
        if (!rule.startsWith("fit")) {
            return rule;
        }
        Matcher words = WORDS.matcher(rule);
        String kind = words.find() ? rule.substring(0, words.start()) + "words {words}" : rule;
        return QUANTILE.matcher(kind).replaceAll("q{q}");
    }

    private static String fitted(String kind, List<Map<String, Object>> rows) {
        List<Double> quantiles = new ArrayList<>();
        Set<String> words = new LinkedHashSet<>();
        for (Map<String, Object> r : rows) {
            String rule = String.valueOf(r.get("gamma_rule"));
            Matcher q = QUANTILE.matcher(rule);
            if (q.find()) {
                quantiles.add(Double.parseDouble(q.group(1)));
            }
            Matcher w = WORDS.matcher(rule);
            if (w.find()) {
                for (String word : w.group(1).split(", ")) {
                    words.add(word.trim());
                }
            }
        }
        String text = kind.replace("q{q}", "q" + range(quantiles));
        List<String> named = words.stream().limit(MAX_WORDS).toList();
        String wordList = String.join(", ", named)
                + (words.size() > named.size() ? String.format(Locale.ROOT, " and %d more", words.size() - named.size())
                        : "");
        return text.replace("{words}", wordList);
    }

    private static String seeds(int n) {
        return n == 1 ? " (1 seed)" : " (" + n + " seeds)";
    }

    private static String range(List<Double> values) {
        if (values.isEmpty()) {
            return "?";
        }
        double lo = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return lo == hi ? String.format(Locale.ROOT, "%.3f", lo) : String.format(Locale.ROOT, "%.3f–%.3f", lo, hi);
    }

    /** A fixed or clean-quantile rule, with the mean γ it gave where it is a quantile. */
    private static String withMeanGamma(String rule, List<Map<String, Object>> rows) {
        double mean = Cells.numbers(rows, "gamma").stream().mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN);
        return rule.startsWith("clean") && !Double.isNaN(mean)
                ? String.format(Locale.ROOT, "%s (%.3f)", rule, mean) : rule;
    }
}
