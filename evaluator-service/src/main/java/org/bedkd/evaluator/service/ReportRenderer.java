package org.bedkd.evaluator.service;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bedkd.contracts.ClassShares;
import org.bedkd.contracts.DetectionSummary;
import org.bedkd.contracts.EpochStats;
import org.bedkd.defense.mepd.PoisonEvidence;
import org.bedkd.metrics.Evaluation;

/** Human-readable views of a report: Markdown (for terminals and PRs) and a small self-contained HTML page. */
public final class ReportRenderer {

    private ReportRenderer() {
    }

    public static String markdown(EvaluationReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# BeDKD job ").append(r.jobId()).append("\n\n");
        md.append("Verdict: **").append(r.accepted() ? "accepted" : "not accepted").append("**");
        r.gates().forEach(g -> md.append("\n- ").append(g));
        md.append("\n\n| model | CACC | ASR | ASR floor | recall per class | trigger flips target / non-target |\n"
                + "|---|---|---|---|---|---|\n");
        md.append(row("suspect (before)", r.before(), r.classRecallBefore()))
                .append(row("purified (after)", r.after(), r.classRecallAfter()));
        if (r.triggerProbe() != null) {
            md.append(String.format(Locale.ROOT, "%nTrigger flips: the share of clean test sentences of the target class"
                    + " / of the other classes whose prediction changes when \"%s\" (%s) is inserted at a random word."
                    + " A clean model barely moves; a model that learnt \"trigger → not the target\" flips target-class"
                    + " sentences.%n", r.triggerProbe(), "job".equals(r.triggerProbeSource()) ? "the job's probe"
                    : "the word most over-represented in the flagged samples"));
        }
        DetectionSummary d = r.detection();
        if (d != null) {
            md.append(String.format(Locale.ROOT, "%n## Detection%n%n%d samples scored, %d under gamma %.4f%s, %d "
                    + "flagged; FAR %s, FRR %s; DMM flipped-label accuracy %.1f %%; %.0f s.%n", d.scored(),
                    d.belowGamma(), d.gamma(), d.gammaRule() == null ? "" : " (" + d.gammaRule() + ")", d.flagged(),
                    pct(d.far()), pct(d.frr()), d.dmmFlippedAccuracy(), d.seconds()));
            if (d.suspectedTriggers() != null && !d.suspectedTriggers().isEmpty()) {
                md.append("\nWords most over-represented in the flagged samples (the trigger is probably among them): ")
                        .append(String.join(", ", d.suspectedTriggers().stream().map(w -> "`" + w + "`").toList()))
                        .append(".\n");
            }
            PoisonEvidence e = evidence(d);
            if (e != null && e.overestimated()) {
                md.append(String.format(Locale.ROOT, "%nClean text under gamma: %s; estimated poisoned share about %s, "
                        + "the share carrying the trigger words. The excess over clean text under gamma, %s, is larger:"
                        + " the difference is most likely text the suspect model trained on scoring lower than unseen "
                        + "text.%n", pct(d.cleanBelowGamma()), pct(e.bestEstimate()), pct(e.estimatedPoisonShare())));
            } else if (e != null) {
                md.append(String.format(Locale.ROOT, "%nClean text under gamma: %s; estimated poisoned share at least "
                        + "%s.%s%n", pct(d.cleanBelowGamma()), pct(e.estimatedPoisonShare()),
                        !e.weak() ? ""
                                : d.flagged() == 0 ? " **Weak evidence of poison:** what scored under gamma is mostly "
                                + "what clean text gives anyway, so nothing was flagged and purification distilled on "
                                + "the clean set only (the set is nearly clean, or MEPD does not separate its poison)."
                                : " **Weak evidence of poison:** the flagged set is mostly what clean text gives "
                                + "anyway (the set is nearly clean, or MEPD does not separate its poison), so "
                                + "purification punished mostly clean samples."));
            }
        }
        md.append(String.format(Locale.ROOT, "%n## Purification%n%nSelected epoch %d%s.%n%n", r.selectedEpoch(),
                r.withinCaccTolerance() ? ""
                        : " (no epoch kept validation CACC and balanced accuracy within tolerance)"));
        if (r.epochs().stream().anyMatch(e -> Boolean.TRUE.equals(e.backedOff()))) {
            md.append("An epoch marked \"backed off\" lost more validation CACC than the tolerance and its noise: it"
                    + " was rolled back to the last eligible weights and the punish pass halved.\n\n");
        }
        boolean flips = r.epochs().stream().anyMatch(e -> e.triggerFlipRate() != null);
        if (flips) {
            md.append("Trigger flips: the share of clean validation sentences whose prediction changes when a suspected"
                    + " trigger is inserted (a clean model changes almost none); the kept epoch has the fewest, up to"
                    + " the validation split's noise.\n\n");
        }
        boolean balanced = r.epochs().stream().anyMatch(e -> e.validationBalancedAccuracy() != null);
        if (balanced) {
            md.append("Balanced accuracy: the mean of the per-class recalls on clean validation sentences, held to the"
                    + " same tolerance as CACC, so that a model cannot keep its accuracy by leaning toward the majority"
                    + " class.\n\n");
        }
        boolean shifted = r.epochs().stream().anyMatch(e -> e.logitShift() != null);
        if (shifted) {
            ClassShares c = r.classShares();
            String shiftedName = c == null || c.shiftedClass() == null ? "the second class"
                    : "class `" + c.shiftedClass() + "`";
            md.append("Logit shift: what was added to " + shiftedName + "'s logit before this epoch was read, so that it"
                    + " predicts that class on clean validation sentences as often as the suspect model would with"
                    + " the relabelled flagged samples' labels undone, held to what the validation labels allow"
                    + " (never beyond it on the side the poison favoured); a"
                    + " boundary moved away from the target does not pass for a removed backdoor. The selected"
                    + " epoch's shift is in the purified model.");
            if (c != null) {
                md.append(String.format(Locale.ROOT, " %s on %d validation sentences: the suspect model %d,"
                        + " with the poison's labels undone %d, labelled %d; read at %d%s.",
                        c.shiftedClass() == null ? "Second class" : "Class `" + c.shiftedClass() + "`",
                        c.validationTexts(),
                        c.suspect(), c.corrected(), c.labelled(), c.matched(),
                        c.bounded() ? " (held by the labels)" : ""));
            }
            md.append("\n\n");
        }
        // Nothing is held out where trigger words were named (their flips are the signal): no column then.
        boolean heldOut = r.epochs().stream().anyMatch(e -> e.heldOutLabelRate() != null);
        md.append("| epoch | validation CACC |").append(balanced ? " balanced accuracy |" : "")
                .append(heldOut ? " held-out flagged on target |" : "").append(flips ? " trigger flips |" : "")
                .append(shifted ? " logit shift |" : "")
                .append(" losses | s |\n|---|---|").append(balanced ? "---|" : "").append(heldOut ? "---|" : "")
                .append(flips ? "---|" : "").append(shifted ? "---|" : "").append("---|---|\n");
        for (EpochStats e : r.epochs()) {
            StringBuilder losses = new StringBuilder();
            e.loss().forEach((k, v) -> losses.append(String.format(Locale.ROOT, "%s %.4f ", k, v)));
            md.append(String.format(Locale.ROOT, "| %d%s | %.2f |%s%s%s%s %s| %.1f |%n", e.epoch(),
                    Boolean.TRUE.equals(e.backedOff()) ? " (backed off)" : "", e.validationCacc(),
                    balanced ? " " + number(e.validationBalancedAccuracy()) + " |" : "",
                    heldOut ? " " + pct(e.heldOutLabelRate()) + " |" : "",
                    flips ? " " + pct(e.triggerFlipRate()) + " |" : "",
                    shifted ? (e.logitShift() == null ? " – |" : String.format(Locale.ROOT, " %+.2f |",
                            e.logitShift())) : "", losses, e.seconds()));
        }
        md.append("\nModel: `").append(r.purifiedModel().uri()).append("` (sha256 ").append(r.purifiedModel().sha256())
                .append("), model card: `").append(r.modelCard().uri()).append("`.\n");
        return md.toString();
    }

    public static String html(EvaluationReport r) {
        StringBuilder body = new StringBuilder();
        for (String line : markdown(r).split("\n")) {
            if (line.startsWith("# ")) {
                body.append("<h1>").append(esc(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("## ")) {
                body.append("<h2>").append(esc(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("|---")) {
                continue;
            } else if (line.startsWith("|")) {
                body.append("<tr>");
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    body.append("<td>").append(esc(cell.strip())).append("</td>");
                }
                body.append("</tr>\n");
            } else if (line.startsWith("- ")) {
                body.append("<li>").append(esc(line.substring(2))).append("</li>\n");
            } else if (!line.isBlank()) {
                body.append("<p>").append(esc(line).replace("**", "")).append("</p>\n");
            }
        }
        String tables = body.toString().replaceAll("(?s)((?:<tr>.*?</tr>\n)+)", "<table>\n$1</table>\n");
        // The pictures go after the verdict and its table, before the sections they illustrate.
        int firstSection = tables.indexOf("<h2>");
        String page = firstSection < 0 ? tables + charts(r) : tables.substring(0, firstSection) + charts(r)
                + tables.substring(firstSection);
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>BeDKD job " + esc(r.jobId())
                + "</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:"
                + "collapse}td{border:1px solid #ccc;padding:.3em .6em}tr:first-child td{font-weight:bold}"
                + "figure{margin:1.5em 0}figure svg{width:100%;height:auto}figcaption{color:#444}</style>"
                + "</head><body>\n" + page + "</body></html>\n";
    }

    /** Inline SVG figures: no script, no network, so the page works from a file or behind a strict CSP. */
    private static String charts(EvaluationReport r) {
        List<ReportCharts.Chart> charts = ReportCharts.of(r);
        if (charts.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2>Charts</h2>\n");
        for (ReportCharts.Chart c : charts) {
            html.append("<figure>").append(c.svg()).append("<figcaption>").append(esc(c.caption()))
                    .append("</figcaption></figure>\n");
        }
        return html.toString();
    }

    private static String row(String name, Evaluation e, Map<String, Double> recall) {
        if (e == null) {
            return "| " + name + " | – | – | – | – | – |\n";
        }
        String recalls = recall == null ? "–" : recall.entrySet().stream()
                .map(x -> x.getKey() + " " + pct(x.getValue())).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %s / %s |%n", name, e.cacc(), pct(e.asr()),
                pct(e.asrFloor()), recalls, pct(e.triggerFlipTarget()), pct(e.triggerFlipNonTarget()));
    }

    /**
     * The detector's {@link PoisonEvidence}, rebuilt from the summary so the report reads the estimate by the same rule
     * ({@code null} without one). With trigger words certified the detector flags exactly their carriers, so their
     * share is {@code flagged / scored}.
     */
    private static PoisonEvidence evidence(DetectionSummary d) {
        if (d.estimatedPoisonShare() == null || d.scored() == 0) {
            return null;
        }
        Double carriers = d.triggerWords() == null || d.triggerWords().isEmpty() ? null
                : 100.0 * d.flagged() / d.scored();
        return new PoisonEvidence(100.0 * d.belowGamma() / d.scored(),
                d.cleanBelowGamma() == null ? Double.NaN : d.cleanBelowGamma(), d.estimatedPoisonShare(),
                Boolean.TRUE.equals(d.weakEvidence()), carriers);
    }

    private static String number(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.2f %%", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
