package org.bedkd.defense.mepd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The detection's score table, {@code id,mepd,label,flagged,poisoned}, lowest MEPD first ({@code poisoned} is the
 * ground truth when known, else empty). The CLI and the detector write it; purification reads the flagged rows in
 * order.
 */
public final class ScoreTable {

    public static final String HEADER = "id,mepd,label,flagged,poisoned";

    /** Header of {@link #calibrationCsv}: the clean calibration split's scores, which γ is read against. */
    public static final String CALIBRATION_HEADER = "id,mepd,label";

    private ScoreTable() {
    }

    /** The table of a detection, with ground-truth flags by sample id where known. */
    public static byte[] csv(Detection d, Map<String, Boolean> truth) {
        Set<String> flagged = new HashSet<>(d.flaggedIds());
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ScoredSample s : d.ranked()) {
            Boolean p = truth.get(s.id());
            score(sb, s).append(',').append(flagged.contains(s.id()) ? 1 : 0).append(',')
                    .append(p == null ? "" : p ? "1" : "0").append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The clean calibration split's scores, lowest first ({@link #CALIBRATION_HEADER}; only the header when γ was
     * fixed and no clean text was scored). With the score table it is all a new flagging rule needs to be tried
     * without training again: the fitted γ reads the suspect set against exactly these scores.
     */
    public static byte[] calibrationCsv(Detection d) {
        StringBuilder sb = new StringBuilder(CALIBRATION_HEADER).append('\n');
        d.cleanScores().stream().sorted(Comparator.comparingDouble(ScoredSample::mepd))
                .forEach(s -> score(sb, s).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The columns both tables share: {@code id,mepd,label}. */
    private static StringBuilder score(StringBuilder sb, ScoredSample s) {
        return sb.append(quote(s.id())).append(',').append(String.format(Locale.ROOT, "%.6f", s.mepd())).append(',')
                .append(s.label());
    }

    /** Ids of the flagged rows, in table order (lowest MEPD first). */
    public static List<String> flaggedIds(Path table) {
        List<String> ids = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(table);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IllegalArgumentException(table + " is not a score table (header " + HEADER + ")");
            }
            for (int i = 1; i < lines.size(); i++) {
                // The last four columns never contain a comma; the id (first column) may, quoted.
                String line = lines.get(i);
                int cut = line.length();
                for (int k = 0; k < 4 && cut > 0; k++) {
                    cut = line.lastIndexOf(',', cut - 1);
                }
                if (cut <= 0) {
                    throw new IllegalArgumentException(table + ":" + (i + 1) + ": expected 5 columns");
                }
                String[] rest = line.substring(cut + 1).split(",", -1);
                if (rest[2].equals("1")) {
                    ids.add(unquote(line.substring(0, cut)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private static String quote(String id) {
        return id.contains(",") || id.contains("\"") ? '"' + id.replace("\"", "\"\"") + '"' : id;
    }

    private static String unquote(String cell) {
        return cell.startsWith("\"") ? cell.substring(1, cell.length() - 1).replace("\"\"", "\"") : cell;
    }
}
