package org.bedkd.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;
import org.bedkd.model.DjlRuntime;
import org.junit.jupiter.api.Test;

/**
 * The fused optimiser step computes AdamW as written out by hand (decoupled weight decay, bias-corrected moments, eps
 * after the correction), clips the global norm first, zeroes the gradients, and leaves everything as it was when the
 * norm is not finite.
 */
class AdamWUpdaterTest {

    private static final float LR = 0.01f;
    private static final float WD = 0.1f;

    @Test
    void threeStepsMatchAdamWWrittenOutByHandWithTheNormClipped() {
        try (NDManager m = DjlRuntime.engine().newBaseManager(DjlRuntime.device())) {
            List<Parameter> params = parameters(m);
            double[][] w = values(params);
            double[][] mean = new double[w.length][];
            double[][] var = new double[w.length][];
            for (int i = 0; i < w.length; i++) {
                mean[i] = new double[w[i].length];
                var[i] = new double[w[i].length];
            }
            try (AdamWUpdater adamW = new AdamWUpdater(m, params, LR, WD)) {
                for (int t = 1; t <= 3; t++) {
                    double[][] g = backward(m, params, 3f * t);
                    double norm = 0;
                    for (double[] gi : g) {
                        for (double x : gi) {
                            norm += x * x;
                        }
                    }
                    norm = Math.sqrt(norm);
                    double scale = norm > 1 ? 1 / (norm + 1e-6) : 1;
                    try (NDManager step = m.newSubManager()) {
                        assertThat(adamW.clipAndStep(step, 1f)).isCloseTo((float) norm, within(1e-3f * (float) norm));
                    }
                    for (int i = 0; i < w.length; i++) {
                        for (int j = 0; j < w[i].length; j++) {
                            double gij = g[i][j] * scale;
                            mean[i][j] = 0.9 * mean[i][j] + 0.1 * gij;
                            var[i][j] = 0.999 * var[i][j] + 0.001 * gij * gij;
                            double mHat = mean[i][j] / (1 - Math.pow(0.9, t));
                            double vHat = var[i][j] / (1 - Math.pow(0.999, t));
                            w[i][j] = w[i][j] * (1 - LR * WD) - LR * mHat / (Math.sqrt(vHat) + 1e-8);
                        }
                    }
                    double[][] got = values(params);
                    for (int i = 0; i < w.length; i++) {
                        for (int j = 0; j < w[i].length; j++) {
                            assertThat(got[i][j]).as("param %d[%d] after step %d", i, j, t).isCloseTo(w[i][j],
                                    within(1e-5));
                        }
                        assertThat(params.get(i).getArray().getGradient().abs().sum().getFloat()).as("zeroed")
                                .isZero();
                    }
                }
            }
        }
    }

    @Test
    void aNonFiniteNormChangesNothing() {
        try (NDManager m = DjlRuntime.engine().newBaseManager(DjlRuntime.device())) {
            List<Parameter> params = parameters(m);
            double[][] before = values(params);
            try (AdamWUpdater adamW = new AdamWUpdater(m, params, LR, WD)) {
                backward(m, params, Float.NaN);
                try (NDManager step = m.newSubManager()) {
                    assertThat(adamW.clipAndStep(step, 1f)).isNaN();
                }
            }
            assertThat(values(params)).isDeepEqualTo(before);
        }
    }

    /** A 3 → 2 linear layer's weight and bias, with gradients attached. */
    private static List<Parameter> parameters(NDManager m) {
        Linear linear = Linear.builder().setUnits(2).build();
        linear.setInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT);
        linear.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3));
        List<Parameter> params = linear.getParameters().values();
        params.forEach(p -> p.getArray().setRequiresGradient(true));
        return params;
    }

    /** Sets each parameter's gradient to a known, uneven pattern times {@code k}; returns it. */
    private static double[][] backward(NDManager m, List<Parameter> params, float k) {
        double[][] g = new double[params.size()][];
        try (NDManager scope = m.newSubManager(); GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
            NDArray loss = null;
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i).getArray();
                NDArray c = scope.arange((float) w.size()).reshape(w.getShape()).sub(1.5f).mul(k * (i + 1));
                g[i] = toDoubles(c.toFloatArray());
                NDArray term = w.mul(c).sum();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
        return g;
    }

    private static double[][] values(List<Parameter> params) {
        return params.stream().map(p -> toDoubles(p.getArray().toFloatArray())).toArray(double[][]::new);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
