package org.bedkd.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * SnakeYAML loading (safe constructor; merge keys such as compose's {@code <<: *anchor} are resolved). Compose's merge
 * tags (Compose 2.24+) load too: a {@code !override} sequence or mapping as an {@link OverrideList} or
 * {@link OverrideMap} (which replace, rather than merge with, what an earlier compose file says), {@code !reset} as
 * {@link #RESET}.
 */
final class Yamls {

    /** A compose value tagged {@code !reset}: it removes what earlier compose files set. */
    static final Object RESET = new Object() {
        @Override
        public String toString() {
            return "!reset";
        }
    };

    /** A compose sequence tagged {@code !override}: it replaces the earlier files' sequence instead of merging. */
    static final class OverrideList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        OverrideList(Collection<?> items) {
            super(items);
        }
    }

    /** A compose mapping tagged {@code !override}: it replaces the earlier files' mapping instead of merging. */
    static final class OverrideMap extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        OverrideMap(Map<?, ?> entries) {
            super(entries);
        }
    }

    private Yamls() {
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(16 * 1024 * 1024);
        return new Yaml(new ComposeTagsConstructor(options));
    }

    /** The safe constructor plus compose's {@code !override} and {@code !reset}; any other tag still fails. */
    private static final class ComposeTagsConstructor extends SafeConstructor {

        ComposeTagsConstructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!override"), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof SequenceNode seq) {
                        List<Object> items = new ArrayList<>();
                        for (Node item : seq.getValue()) {
                            items.add(constructObject(item));
                        }
                        return new OverrideList(items);
                    }
                    if (node instanceof MappingNode) {
                        node.setTag(Tag.MAP);
                        return new OverrideMap((Map<?, ?>) yamlConstructors.get(Tag.MAP).construct(node));
                    }
                    return constructScalar((ScalarNode) node);
                }
            });
            yamlConstructors.put(new Tag("!reset"), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return RESET;
                }
            });
        }
    }

    /** Every non-empty document of a (multi-document) YAML text. */
    static List<Object> loadAll(String text) {
        List<Object> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(text)) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    static List<Object> loadAll(Path file) {
        return loadAll(Repo.read(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> loadMap(String relative) {
        List<Object> docs = loadAll(Repo.path(relative));
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new IllegalArgumentException(relative + ": expected one YAML mapping, got " + docs.size() + " documents");
        }
        return (Map<String, Object>) docs.get(0);
    }

    // ---- navigation in parsed YAML/JSON trees --------------------------------------------------------------------

    /** Value at a dotted path of map keys ("spec.template.spec"); null when any step is missing. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String path) {
        Object cur = node;
        for (String key : path.split("\\.")) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<String, Object>) cur).get(key);
        }
        return (T) cur;
    }

    static String str(Object node, String path) {
        Object v = at(node, path);
        return v == null ? null : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String path) {
        Object v = at(node, path);
        return v == null ? List.of() : (List<Object>) v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String path) {
        Object v = at(node, path);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, String path) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(node, path)) {
            out.add((Map<String, Object>) Objects.requireNonNull(o, path));
        }
        return out;
    }
}
