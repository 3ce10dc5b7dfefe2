package org.bedkd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.bedkd.cli.CliSupport;
import org.junit.jupiter.api.Test;

/** Reducing libtorch's chrome trace to self time per op; the profiling itself needs the engine and runs in the bench. */
class OpProfileTest {

    private static final String TRACE = """
            [
            {"name": "aten::linear", "ph": "X", "ts": 0, "dur": 100, "tid": 1, "pid": "CPU Functions", "shape": [], "cpu mem": "0 b", "args": {}},
            {"name": "aten::t", "ph": "X", "ts": 2, "dur": 5, "tid": 1, "pid": "CPU Functions", "shape": [], "cpu mem": "0 b", "args": {}},
            {"name": "aten::addmm", "ph": "X", "ts": 10, "dur": 80, "tid": 1, "pid": "CPU Functions", "shape": [], "cpu mem": "0 b", "args": {}},
            {"name": "aten::gelu", "ph": "X", "ts": 100, "dur": 20, "tid": 1, "pid": "CPU Functions", "shape": [], "cpu mem": "0 b", "args": {}},
            {"name": "aten::mm", "ph": "X", "ts": 0, "dur": 50, "tid": 2, "pid": "CPU Functions", "shape": [], "cpu mem": "0 b", "args": {}},
            {"name": "aten::addmm", "ph": "X", "ts": 200, "dur": 40, "tid": 1, "pid": "CPU Functions", "shape": [], "cpu mem": "0 b", "args": {}}
            ]
            """;

    @Test
    void selfTimeExcludesNestedOpsPerThreadAndSumsCallsPerStep() throws Exception {
        JsonNode trace = CliSupport.json().readTree(TRACE);
        List<OpProfile.OpTime> ops = OpProfile.selfTimes(trace, 2);

        assertThat(ops).extracting(OpProfile.OpTime::op)
                .containsExactly("aten::addmm", "aten::mm", "aten::gelu", "aten::linear", "aten::t");
        OpProfile.OpTime addmm = ops.get(0);
        assertThat(addmm.msPerStep()).isCloseTo((80 + 40) / 1000.0 / 2, within(1e-9));
        assertThat(addmm.callsPerStep()).isEqualTo(1.0);
        assertThat(ops.get(3).msPerStep()).as("linear minus t and addmm").isCloseTo((100 - 5 - 80) / 1000.0 / 2,
                within(1e-9));
    }

    @Test
    void summarySplitsMatmulOtherOpsAndTimeOutsideAnyOp() throws Exception {
        List<OpProfile.OpTime> ops = OpProfile.selfTimes(CliSupport.json().readTree(TRACE), 1);
        Map<String, Object> s = OpProfile.summary(ops, 1.0, 1);

        assertThat((double) s.get("in_ops_ms_per_step")).isCloseTo(0.210, within(1e-9));
        assertThat((double) s.get("matmul_ms_per_step")).isCloseTo(0.170, within(1e-9));
        assertThat((double) s.get("non_matmul_ms_per_step")).isCloseTo(0.040, within(1e-9));
        assertThat((double) s.get("outside_ops_ms_per_step")).isCloseTo(0.790, within(1e-9));
        assertThat((List<?>) s.get("top")).hasSize(5);
        assertThat((double) s.get("other_ms_per_step")).isCloseTo(0, within(1e-9));
    }
}
