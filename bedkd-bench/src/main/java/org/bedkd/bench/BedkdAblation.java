package org.bedkd.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bedkd.cli.CliSupport;
import org.bedkd.data.TaskData;
import org.bedkd.pipeline.ExperimentConfig;
import org.bedkd.pipeline.ExperimentReport;
import org.bedkd.train.TrainSpeed;

/**
 * Whole BeDKD runs (DMM training, MEPD scoring, AKD with per-epoch selection) with our speed-ups switched off one at a
 * time, against one victim, same data and seed: what each speed-up buys end to end, and whether the final metrics move.
 */
final class BedkdAblation {

    /** Setting name → its switches; the first is the reference. */
    static final Map<String, TrainSpeed> SETTINGS = settings();

    private BedkdAblation() {
    }

    private static Map<String, TrainSpeed> settings() {
        Map<String, TrainSpeed> s = new LinkedHashMap<>();
        s.put("all_on", TrainSpeed.DEFAULT);
        s.put("no_length_bucketing", TrainSpeed.DEFAULT.withLengthBucketing(false));
        s.put("word_embeddings_trained", TrainSpeed.DEFAULT.withFreezeWordEmbeddings(false));
        s.put("no_teacher_cache", TrainSpeed.DEFAULT.withTeacherCache(false));
        return s;
    }

    /**
     * Runs every setting; one row per setting in {@code rows}, plus the scope. Early stopping is off so every run
     * trains the same number of AKD epochs: otherwise a setting that happens to stop sooner looks faster.
     */
    static Map<String, Object> measure(TaskData data, ExperimentConfig config) {
        ExperimentConfig base = config.withAkd(config.akd().withPatience(0));
        List<String> names = new ArrayList<>(SETTINGS.keySet());
        List<ExperimentConfig> configs = names.stream().map(n -> base.withSpeed(SETTINGS.get(n))).toList();
        List<ExperimentReport> points = Sweep.run(data, base, names, configs, false, CliSupport.progress());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            rows.add(row(names.get(i), points.get(i)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data.name());
        out.put("train_rows", points.get(0).sizes().train());
        out.put("seed", base.seed());
        out.put("profile", base.profile() + ", AKD early stopping off");
        out.put("rows", rows);
        return out;
    }

    static Map<String, Object> row(String name, ExperimentReport p) {
        ExperimentReport.MethodResult m = p.method("bedkd");
        double detection = p.detection().seconds();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("setting", name);
        r.put("bedkd_s", detection + m.seconds());
        r.put("detection_s", detection);
        r.put("akd_s", m.seconds());
        r.put("akd_epochs", m.epochs().size());
        r.put("flagged", p.detection().flagged());
        r.put("far", m.flagging() == null ? null : m.flagging().far());
        r.put("frr", m.flagging() == null ? null : m.flagging().frr());
        r.put("selected_epoch", m.selectedEpoch());
        r.put("asr", m.evaluation().asr());
        r.put("asr_floor", m.evaluation().asrFloor());
        r.put("cacc", m.evaluation().cacc());
        return r;
    }
}
