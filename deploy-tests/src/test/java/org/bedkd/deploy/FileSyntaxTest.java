package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Every YAML and JSON file under deploy/ and docker/ parses; kustomizations reference files that exist. */
class FileSyntaxTest {

    static Stream<Path> yamlFiles() {
        return Stream.concat(Repo.files("deploy", ".yaml", ".yml").stream(), Repo.files("docker", ".yaml", ".yml").stream());
    }

    static Stream<Path> jsonFiles() {
        return Stream.concat(Repo.files("deploy", ".json").stream(), Repo.files("docker", ".json").stream());
    }

    static Stream<Path> kustomizations() {
        return Repo.files("deploy", "kustomization.yaml").stream();
    }

    @Test
    void thereAreFilesToCheck() {
        assertThat(yamlFiles().count()).isGreaterThan(15);
        assertThat(kustomizations().count()).isGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlFiles")
    void yamlParses(Path file) {
        List<Object> docs = Yamls.loadAll(file);
        assertThat(docs).as("%s has no YAML document", Repo.relative(file)).isNotEmpty();
        for (Object doc : docs) {
            assertThat(doc).as("%s: every document is a mapping", Repo.relative(file)).isInstanceOf(Map.class);
            Object kind = ((Map<?, ?>) doc).get("kind");
            if (kind != null && ((Map<?, ?>) doc).get("apiVersion") != null && !String.valueOf(kind).startsWith("Kustomization")
                    && !"Component".equals(kind)) {
                // A Kubernetes object: fabric8 must turn it into a typed (or generic) resource with a name.
                HasMetadata resource = Rendered.SERIALIZATION.convertValue(doc, HasMetadata.class);
                assertThat(resource.getMetadata().getName()).as("%s: %s without a name", Repo.relative(file), kind)
                        .isNotBlank();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonFiles")
    void jsonParses(Path file) {
        assertThatCode(() -> new ObjectMapper().readTree(file.toFile())).as(Repo.relative(file)).doesNotThrowAnyException();
    }

    /** Works without kubectl: every resources/components/patches path of every kustomization exists. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void kustomizationReferencesExist(Path file) {
        Map<String, Object> k = Yamls.loadMap(Repo.relative(file));
        Path dir = file.getParent();
        Stream.of("resources", "components").flatMap(key -> Yamls.list(k, key).stream()).map(String::valueOf)
                .forEach(ref -> assertThat(dir.resolve(ref).normalize())
                        .as("%s references %s", Repo.relative(file), ref).exists());
        for (Map<String, Object> patch : Yamls.maps(k, "patches")) {
            if (patch.get("path") != null) {
                assertThat(dir.resolve(String.valueOf(patch.get("path")))).as("%s patch", Repo.relative(file)).exists();
            }
        }
        for (Map<String, Object> gen : Yamls.maps(k, "configMapGenerator")) {
            for (Object f : Yamls.list(gen, "files")) {
                assertThat(dir.resolve(String.valueOf(f))).as("%s generator file", Repo.relative(file)).exists();
            }
        }
    }
}
