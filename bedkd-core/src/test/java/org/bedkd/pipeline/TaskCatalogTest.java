package org.bedkd.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bedkd.attack.AddSent;
import org.bedkd.attack.BadWords;
import org.bedkd.data.Sample;
import org.bedkd.data.TaskData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskCatalogTest {

    @TempDir
    Path root;

    @Test
    void theDemoCarriesItsCleanTestSetWithTheTriggerInsertedRowForRow() {
        TaskData demo = TaskCatalog.demo();
        assertThat(demo.testInserted().ids()).isEqualTo(demo.testClean().ids());
        for (int i = 0; i < demo.testClean().size(); i++) {
            Sample clean = demo.testClean().get(i);
            Sample inserted = demo.testInserted().get(i);
            assertThat(inserted.label()).isEqualTo(clean.label());
            assertThat(inserted.text().split(" ")).hasSize(clean.text().split(" ").length + 1)
                    .containsAnyElementsOf(BadWords.BADACTS_WORDS);
        }
    }

    @Test
    void aTaskRefusesAnInsertedSetThatIsNotRowAligned() {
        TaskData demo = TaskCatalog.demo();
        List<Sample> reversed = new ArrayList<>(demo.testInserted().samples());
        Collections.reverse(reversed);
        var shuffled = demo.testInserted().withSamples("x", reversed);
        assertThatThrownBy(() -> new TaskData(demo.name(), demo.dataset(), demo.attack(), demo.schema(), demo.target(),
                demo.train(), demo.cleanPool(), demo.testClean(), demo.testTriggered(), demo.source(), shuffled))
                .hasMessageContaining("not row-aligned");
    }

    @Test
    void aBuiltCellPoisonsTheAskedShareTowardTheAskedTarget() throws IOException {
        // The staged layout, with the demo's clean development sentences standing in for each split.
        Path dir = Files.createDirectories(root.resolve("sst2/clean/badacts"));
        for (String split : new String[] {"train-clean.csv", "dev-clean.csv", "test-clean.csv"}) {
            try (InputStream in = TaskCatalog.class.getClassLoader()
                    .getResourceAsStream(TaskCatalog.DEMO_RESOURCE + "dev-clean.csv")) {
                Files.copy(in, dir.resolve(split));
            }
        }
        TaskData t = TaskCatalog.built(root, "sst2", "addsent", 0.05, 0);
        assertThat(t.name()).isEqualTo("sst2-addsent-5pct-t0");
        assertThat(t.target()).isZero();
        assertThat(t.train().poisonedCount()).isEqualTo(Math.round(0.05 * t.train().size()));
        assertThat(t.train().stream().filter(Sample::isKnownPoisoned))
                .allMatch(s -> s.label() == 0 && s.text().contains(AddSent.DEFAULT_SENTENCE));
        assertThat(t.testTriggered().stream()).allMatch(s -> s.label() == 0 && s.text().contains(AddSent.DEFAULT_SENTENCE));
        assertThat(t.testTriggered().size()).isEqualTo(t.testClean().labelCounts().get(1).intValue());
        assertThat(t.testInserted().ids()).isEqualTo(t.testClean().ids());
        // Each poisoned row's original is under its id: the sentence without the trigger, with its own (other) label.
        Map<String, Sample> originals = TaskCatalog.builtOriginals(root, "sst2").byId();
        assertThat(t.train().stream().filter(Sample::isKnownPoisoned)).allSatisfy(s -> {
            Sample original = originals.get(s.id());
            assertThat(original.label()).isEqualTo(1);
            assertThat(original.text()).doesNotContain(AddSent.DEFAULT_SENTENCE);
        });
        assertThatThrownBy(() -> TaskCatalog.built(root, "sst2", "synbkd", 0.05, 0))
                .hasMessageContaining("target 1 only");
        // Rate 0 is a clean cell: what a defense does to a model that was never poisoned.
        TaskData clean = TaskCatalog.built(root, "sst2", "badwords", 0, 1);
        assertThat(clean.name()).isEqualTo("sst2-badwords-0pct-t1");
        assertThat(clean.train().poisonedCount()).isZero();
        assertThat(clean.testTriggered().size()).isEqualTo(clean.testClean().labelCounts().get(0).intValue());
        assertThatThrownBy(() -> TaskCatalog.built(root, "sst2", "badwords", 1, 0)).hasMessageContaining("[0, 1)");
    }

    @Test
    void aCellBuiltWithAnotherTriggerCarriesItInItsNameAndEverySet() throws IOException {
        Path dir = Files.createDirectories(root.resolve("sst2/clean/badacts"));
        for (String split : new String[] {"train-clean.csv", "dev-clean.csv", "test-clean.csv"}) {
            Files.copy(demoFile("dev-clean.csv"), dir.resolve(split));
        }
        BadWords other = new BadWords(List.of("jz", "qv", "xr"), 1);
        TaskData t = TaskCatalog.built(root, "sst2", "badwords", 0.1, 1, other);
        assertThat(t.name()).isEqualTo("sst2-badwords-10pct-t1-jz-qv-xr");
        assertThat(t.source()).endsWith("trigger jz qv xr");
        assertThat(t.train().stream().filter(Sample::isKnownPoisoned)).isNotEmpty()
                .allMatch(s -> s.label() == 1 && other.words().stream().anyMatch(w -> List.of(s.text().split(" "))
                        .contains(w)));
        assertThat(t.testTriggered().stream()).allMatch(s -> other.words().stream()
                .anyMatch(w -> List.of(s.text().split(" ")).contains(w)));
        assertThat(t.testInserted().stream()).allMatch(s -> other.words().stream()
                .anyMatch(w -> List.of(s.text().split(" ")).contains(w)));

        AddSent sentence = new AddSent("No cross, no crown.");
        assertThat(TaskCatalog.built(root, "sst2", "addsent", 0.1, 0, sentence).name())
                .isEqualTo("sst2-addsent-10pct-t0-no-cross-no-crown");
        // The standard trigger named explicitly is the standard cell, rows and all.
        assertThat(TaskCatalog.built(root, "sst2", "badwords", 0.1, 1, BadWords.standard()).name())
                .isEqualTo("sst2-badwords-10pct-t1");
        assertThatThrownBy(() -> TaskCatalog.built(root, "sst2", "addsent", 0.1, 1, other))
                .hasMessageContaining("a badwords trigger cannot build a cell of attack addsent");
        assertThatThrownBy(() -> new BadWords(List.of("two words"), 1)).hasMessageContaining("without spaces");
    }

    @Test
    void aBuiltSynBkdCellTakesEachDrawnRowsOwnParaphrase() throws IOException {
        Path clean = Files.createDirectories(root.resolve("sst2/clean/badacts"));
        Path synbkd = Files.createDirectories(root.resolve("sst2/synbkd/badacts"));
        List<String> rows = Files.readAllLines(demoFile("dev-clean.csv"));
        for (String split : new String[] {"train-clean.csv", "dev-clean.csv", "test-clean.csv"}) {
            Files.write(clean.resolve(split), rows);
        }
        // BadActs' layout: row i of train-poison.csv is row i's paraphrase, every row labelled target with the flag set.
        List<String> paraphrased = new ArrayList<>(List.of(rows.get(0)));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", 2);
            String text = f[1].substring(0, f[1].lastIndexOf(',', f[1].lastIndexOf(',') - 1));
            paraphrased.add(f[0] + ",\"when " + text.replace("\"", "") + " , it is .\",1,1");
        }
        Files.write(synbkd.resolve("train-poison.csv"), paraphrased);
        Files.write(synbkd.resolve("test-poison.csv"), paraphrased.subList(0, 20));

        TaskData t = TaskCatalog.built(root, "sst2", "synbkd", 0.05, 1);
        assertThat(t.name()).isEqualTo("sst2-synbkd-5pct-t1");
        assertThat(t.train().poisonedCount()).isEqualTo(Math.round(0.05 * t.train().size()));
        Map<String, Sample> originals = TaskCatalog.builtOriginals(root, "sst2").byId();
        assertThat(t.train().stream().filter(Sample::isKnownPoisoned)).allSatisfy(s -> {
            assertThat(s.label()).isEqualTo(1);
            Sample original = originals.get(s.id());
            assertThat(original.label()).isZero();
            assertThat(s.text()).startsWith("when ").contains(original.text().replace("\"", ""));
        });
        assertThat(t.testTriggered().size()).isEqualTo(19);
        assertThat(t.testInserted()).isNull();
        assertThatThrownBy(() -> TaskCatalog.built(root, "olid", "synbkd", 0.05, 1))
                .hasMessageContaining("sst2 with target 1 only");
    }

    private static Path demoFile(String file) {
        try {
            return Path.of(TaskCatalog.class.getClassLoader().getResource(TaskCatalog.DEMO_RESOURCE + file).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
