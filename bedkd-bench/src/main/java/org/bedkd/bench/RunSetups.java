package org.bedkd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.bedkd.cli.CliSupport;
import org.bedkd.pipeline.ExperimentConfig;

/**
 * What a cell's models were trained on and for how long (training and test rows, victim epochs and learning rate,
 * model size): settings that are not the defense's, so they neither go into a row's {@code settings} nor into a run's
 * directory name. One results directory therefore holds one setup per cell: a run of the same cell at another setup
 * would overwrite a seed's run report there and be averaged into the cell's γ curves with the others, so the bench
 * refuses it before training anything and names the way out (another {@code --results}). Runs of the input filters
 * alone ({@code -filters}) are their own: they score the same victims on a test subset ({@code --set testRows=600}),
 * write rows of their own methods and no γ curve, so they are compared with other filter runs only.
 */
final class RunSetups {

    /** How {@link ReproduceCommand#runName} ends the directory of a run of input filters alone. */
    static final String FILTERS = "-filters";

    private RunSetups() {
    }

    /** The setup a configuration (as a report stores it) trains under, setting → value as written. */
    static Map<String, String> of(JsonNode config) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("trainRows", config.path("trainRows").asText("0"));
        m.put("testRows", config.path("testRows").asText("0"));
        JsonNode victim = config.path("victim");
        m.put("victimEpochs", victim.path("epochs").asText());
        // As a float, as the config holds it: a report read back from disk holds the same number as a double.
        m.put("victimLr", String.valueOf((float) victim.path("learningRate").asDouble()));
        m.put("layers", victim.path("model").path("layers").asText());
        m.put("maxLength", victim.path("model").path("maxSequenceLength").asText());
        return m;
    }

    /**
     * Throws where {@code runs} already holds a run of one of {@code cells} of the same variant (profile, encoder,
     * precision) and kind (filters alone or not) trained under another setup than {@code config}'s.
     *
     * @param filtersOnly whether the run to come runs input filters alone (its directory ends in {@code -filters})
     */
    static void requireSame(Path runs, Collection<String> cells, ExperimentConfig config, boolean filtersOnly) {
        ObjectNode asReport = CliSupport.json().createObjectNode();
        ExperimentConfig resolved = config.withSpeed(config.speed().withPrecision(config.speed().resolvedPrecision()));
        JsonNode wanted = CliSupport.json().valueToTree(resolved);
        asReport.set("config", wanted);
        String variant = new RunReports.Entry(null, asReport).variant();
        Map<String, String> setup = of(wanted);
        for (RunReports.Entry e : RunReports.read(runs)) {
            String cell = e.report().path("name").asText();
            if (!cells.contains(cell) || !variant.equals(e.variant()) || e.run().endsWith(FILTERS) != filtersOnly) {
                continue;
            }
            Map<String, String> stored = of(e.report().path("config"));
            if (!stored.equals(setup)) {
                throw new IllegalArgumentException("runs/" + e.run() + " already holds " + cell + " (" + variant
                        + ") trained with " + differences(stored, setup, true) + "; this run asks for "
                        + differences(stored, setup, false) + ". A results directory holds one setup per cell (its "
                        + "run reports would be overwritten and its γ curves mixed): give --results another "
                        + "directory for this setup");
            }
        }
    }

    private static String differences(Map<String, String> stored, Map<String, String> wanted, boolean storedSide) {
        return stored.entrySet().stream().filter(e -> !e.getValue().equals(wanted.get(e.getKey())))
                .map(e -> e.getKey() + "=" + (storedSide ? e.getValue() : wanted.get(e.getKey())))
                .collect(Collectors.joining(", "));
    }
}
