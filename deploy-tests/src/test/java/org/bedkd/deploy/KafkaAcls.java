package org.bedkd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka ACLs as comparable values, from a Strimzi KafkaUser, from the {@code acl} lines of docker/compose.sasl.yaml's
 * kafka-acls script, and as a service's application.properties needs them (least privilege: Read + Describe on what
 * it consumes, Write + Describe on what it produces, Read on its consumer groups, nothing else).
 */
final class KafkaAcls {

    /** One allowed operation on one resource; pattern is "literal" or "prefixed" (Strimzi writes "prefix"). */
    record Acl(String type, String name, String pattern, String operation) implements Comparable<Acl> {

        Acl {
            pattern = pattern == null || pattern.equals("literal") ? "literal"
                    : pattern.equals("prefix") || pattern.equals("prefixed") ? "prefixed" : pattern;
        }

        boolean writes() {
            return operation.equals("Write") || operation.equals("All") || operation.equals("Create")
                    || operation.equals("Alter") || operation.equals("Delete");
        }

        /** Whether this ACL covers the named resource of the type. */
        boolean covers(String type, String name) {
            return this.type.equals(type)
                    && (pattern.equals("literal") ? this.name.equals(name) || this.name.equals("*") : name.startsWith(this.name));
        }

        @Override
        public int compareTo(Acl o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return type + ":" + pattern + ":" + name + ":" + operation;
        }
    }

    private static final Pattern COMPOSE_ACL = Pattern.compile(
            "(?m)^\\s*acl\\s+(\\S+)\\s+(literal|prefixed)\\s+(topic|group|cluster)\\s+(\\S+)\\s+(.+?)\\s*$");

    private KafkaAcls() {
    }

    /** The ACLs of a KafkaUser document (spec.authorization.acls), expanded to one per operation. */
    static Set<Acl> ofKafkaUser(Map<String, Object> user) {
        Set<Acl> acls = new TreeSet<>();
        for (Map<String, Object> rule : Yamls.maps(user, "spec.authorization.acls")) {
            assertThat(rule.get("type")).as("%s: allow rules only", Yamls.str(user, "metadata.name"))
                    .isIn(null, "allow");
            String host = Yamls.str(rule, "host");
            assertThat(host).as("%s: ACLs for any host", Yamls.str(user, "metadata.name")).isIn(null, "*");
            Map<String, Object> resource = Yamls.map(rule, "resource");
            for (Object op : Yamls.list(rule, "operations")) {
                acls.add(new Acl(Yamls.str(resource, "type"), Yamls.str(resource, "name"),
                        Yamls.str(resource, "patternType"), String.valueOf(op)));
            }
            assertThat(rule.get("operation")).as("deprecated single operation field").isNull();
        }
        return acls;
    }

    /** User name to ACLs, from the acl lines of a compose kafka-acls script. */
    static Map<String, Set<Acl>> ofComposeScript(String script) {
        Map<String, Set<Acl>> byUser = new TreeMap<>();
        Matcher m = COMPOSE_ACL.matcher(script);
        while (m.find()) {
            Set<Acl> acls = byUser.computeIfAbsent(m.group(1), u -> new TreeSet<>());
            for (String op : m.group(4).split(",")) {
                for (String name : m.group(5).split("\\s+")) {
                    acls.add(new Acl(m.group(3), name, m.group(2), op));
                }
            }
        }
        return byUser;
    }

    /** What a service needs, from its application.properties. */
    static Set<Acl> neededBy(String service) {
        ServiceProperties props = ServiceProperties.of(service);
        Set<Acl> acls = new TreeSet<>();
        for (String topic : props.consumedTopics()) {
            acls.add(new Acl("topic", topic, "literal", "Read"));
            acls.add(new Acl("topic", topic, "literal", "Describe"));
        }
        for (String topic : props.producedTopics()) {
            acls.add(new Acl("topic", topic, "literal", "Write"));
            acls.add(new Acl("topic", topic, "literal", "Describe"));
        }
        props.consumerGroups().forEach((group, prefix) -> {
            assertThat(group).as("%s: a consumer group prefix that names something", service).isNotBlank();
            acls.add(new Acl("group", group, prefix ? "prefixed" : "literal", "Read"));
        });
        return acls;
    }
}
