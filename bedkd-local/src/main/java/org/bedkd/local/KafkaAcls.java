package org.bedkd.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of the Strimzi {@code KafkaUser}s in {@code deploy/base/kafka-users.yaml}, as Kafka admin bindings: the
 * local stack enforces exactly what a deployment does, so a missing or excess ACL shows up here, on a real broker.
 */
final class KafkaAcls {

    private KafkaAcls() {
    }

    /** Bindings for the users named in {@code users} (others in the file, e.g. the KEDA scaler, are skipped). */
    static List<AclBinding> of(Path kafkaUsersYaml, Set<String> users) {
        List<AclBinding> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(
                kafkaUsersYaml.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                String user = doc.at("/metadata/name").asText();
                if (!"KafkaUser".equals(doc.path("kind").asText()) || !users.contains(user)) {
                    continue;
                }
                for (JsonNode acl : doc.at("/spec/authorization/acls")) {
                    JsonNode r = acl.get("resource");
                    ResourcePattern pattern = new ResourcePattern(
                            ResourceType.fromString(r.get("type").asText().toUpperCase(Locale.ROOT)),
                            r.get("name").asText(), r.path("patternType").asText("literal").equals("prefix")
                                    ? PatternType.PREFIXED : PatternType.LITERAL);
                    for (JsonNode op : acl.get("operations")) {
                        out.add(new AclBinding(pattern, new AccessControlEntry("User:" + user, "*",
                                AclOperation.fromString(op.asText().toUpperCase(Locale.ROOT)),
                                AclPermissionType.ALLOW)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka users of " + kafkaUsersYaml, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no ACLs for " + users + " in " + kafkaUsersYaml);
        }
        return out;
    }
}
