package org.bedkd.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitsTest {

    private static Dataset data(int perClass) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < perClass * 2; i++) {
            s.add(Sample.of("s" + i, "text " + i, i % 2));
        }
        return new Dataset("d", LabelSchema.SST2, s);
    }

    @Test
    void fewShotTakesExactlyNPerClassAndIsDeterministic() {
        Dataset d = data(50);
        Splits.Split a = Splits.fewShot(d, 10, 7, "few");
        Splits.Split b = Splits.fewShot(d, 10, 7, "few");
        assertThat(a.first().labelCounts()).containsEntry(0, 10L).containsEntry(1, 10L);
        assertThat(a.first().samples()).isEqualTo(b.first().samples());
        assertThat(a.second().size()).isEqualTo(80);
        var ids = new HashSet<>(a.first().stream().map(Sample::id).toList());
        assertThat(a.second().stream().noneMatch(x -> ids.contains(x.id()))).isTrue();
        assertThat(Splits.fewShot(d, 10, 8, "few").first().samples()).isNotEqualTo(a.first().samples());
    }

    @Test
    void fewShotFailsClearlyWhenAClassIsTooSmall() {
        assertThatThrownBy(() -> Splits.fewShot(data(5), 10, 1, "few"))
                .hasMessageContaining("class 'negative' has 5 samples, 10 per class were asked for");
    }

    @Test
    void sampleIsStratified() {
        Dataset s = Splits.sample(data(100), 50, 3, "s");
        assertThat(s.size()).isEqualTo(50);
        assertThat(s.labelCounts()).containsEntry(0, 25L).containsEntry(1, 25L);
    }
}
