package org.bedkd.defense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bedkd.DemoVictim;
import org.bedkd.data.Dataset;
import org.bedkd.data.Sample;
import org.bedkd.data.Splits;
import org.bedkd.defense.mepd.CleanReader;
import org.bedkd.defense.mepd.TriggerWords;
import org.bedkd.model.Precision;
import org.bedkd.pipeline.ModelSpec;
import org.bedkd.pipeline.Progress;
import org.bedkd.pipeline.VictimConfig;
import org.bedkd.pipeline.VictimTrainer;
import org.junit.jupiter.api.Test;

/**
 * A real clean reader (two layers of MiniLM trained on the demo defender's 240 clean texts) reads the demo's poisoned
 * training slice: the carriers of a dirty-label trigger word are read as the other label far more often than the rest
 * of the target label; a genuine word's carriers are not.
 */
class CleanReaderTest {

    @Test
    void aCleanReaderTellsADirtyLabelTriggersCarriersFromTheRestOfTheirLabelAndTrainsOnce() {
        DemoVictim v = DemoVictim.get();
        Dataset set = Splits.sample(v.data().train(), 600, DemoVictim.SEED, "train").withoutFlags();
        List<Sample> clean = new ArrayList<>(v.fewClean().samples());
        clean.addAll(v.validation().samples());
        Dataset texts = v.fewClean().withSamples("clean-reader", clean);
        AtomicInteger trained = new AtomicInteger();
        CleanReader reader = CleanReader.trainedOnFirstUse(taught -> {
            trained.incrementAndGet();
            return VictimTrainer.train(texts, new VictimConfig(new ModelSpec(2, 48), CleanReader.EPOCHS, 1e-4f, 16),
                    DemoVictim.SEED, Precision.FP32, Progress.NONE, "reader");
        }, set, DemoVictim.BATCH);

        int target = v.data().target();
        double trigger = TriggerWords.readAsTheirLabel(set, "cf", target, reader);
        double genuine = TriggerWords.readAsTheirLabel(set, "best", 1, reader);
        System.out.printf("clean reader: p of the carriers read as their label: cf %.2g, best %.2g%n", trigger, genuine);
        assertThat(trigger).as("the trigger's carriers are read as not of their label").isLessThan(0.01);
        assertThat(genuine).as("a genuine word's carriers are read as the rest of their label").isGreaterThan(0.05);
        assertThat(trained).as("trained once: the whole set was read the first time").hasValue(1);

        int[] outside = reader.read(List.of("a text the set does not hold"));
        assertThat(outside).hasSize(1);
        assertThat(trained).as("a text outside the set trains the reader again").hasValue(2);
    }
}
