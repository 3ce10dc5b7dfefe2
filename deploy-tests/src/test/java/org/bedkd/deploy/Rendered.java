package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The output of {@code kubectl kustomize deploy/<target>}: every document as a plain map (CRDs are read that way) and
 * as a typed fabric8 object (core resources; unknown kinds become GenericKubernetesResource). Renders are cached.
 */
final class Rendered {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    final String target;
    final List<Map<String, Object>> docs;
    final List<HasMetadata> typed;

    private Rendered(String target, List<Map<String, Object>> docs) {
        this.target = target;
        this.docs = docs;
        this.typed = docs.stream().map(d -> SERIALIZATION.convertValue(d, HasMetadata.class))
                .collect(Collectors.toUnmodifiableList());
    }

    /** Renders deploy/overlays/&lt;overlay&gt; (skips the calling test when kubectl is unusable). */
    static Rendered overlay(String overlay) {
        return of("overlays/" + overlay);
    }

    static Rendered of(String target) {
        Tools.assumeKubectl();
        return CACHE.computeIfAbsent("deploy/" + target, Rendered::render);
    }

    /**
     * Renders a test fixture, deploy-tests/src/test/resources/kustomize/&lt;name&gt;: a kustomization of the kind
     * deploy/README.md tells users to write on top of deploy/ (an overlay plus components), to check that it builds.
     */
    static Rendered fixture(String name) {
        Tools.assumeKubectl();
        return CACHE.computeIfAbsent(FIXTURES + name, Rendered::render);
    }

    static final String FIXTURES = "deploy-tests/src/test/resources/kustomize/";

    /** {@code target} relative to the repository root. */
    @SuppressWarnings("unchecked")
    private static Rendered render(String target) {
        Tools.Result r = Tools.run(Repo.root(), List.of("kubectl", "kustomize", target));
        assertThat(r.exitCode()).as("kubectl kustomize %s failed:%n%s", target, r.output()).isZero();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : Yamls.loadAll(r.output())) {
            docs.add((Map<String, Object>) doc);
        }
        return new Rendered(target, List.copyOf(docs));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return typed.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                target + ": no " + type.getSimpleName() + " named " + name));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    /** Raw documents of a kind (for CRDs: Kafka, KafkaTopic, ScaledObject, ServiceMonitor...). */
    List<Map<String, Object>> kind(String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).collect(Collectors.toList());
    }

    Map<String, Object> kind(String kind, String name) {
        return kind(kind).stream().filter(d -> name.equals(Yamls.str(d, "metadata.name"))).findFirst()
                .orElseThrow(() -> new AssertionError(target + ": no " + kind + " named " + name));
    }
}
