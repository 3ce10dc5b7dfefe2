package org.bedkd.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's {@code src/main/resources/application.properties} says about deployment: the Kafka topics it
 * names, which of them its work-sharing consumer group reads, and the environment variables it reads.
 * Profile-specific keys ({@code %test.…}) are ignored.
 */
final class ServiceProperties {

    private static final Pattern CHANNEL_KEY =
            Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(topic|topics|dead-letter-queue\\.topic)");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    final String service;
    private final Properties props = new Properties();

    private ServiceProperties(String service) {
        this.service = service;
        try {
            props.load(new StringReader(Repo.read(service + "/src/main/resources/application.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceProperties of(String service) {
        return new ServiceProperties(service);
    }

    String applicationName() {
        return props.getProperty("quarkus.application.name");
    }

    /** Every topic named by a channel's topic / topics / dead-letter-queue.topic key. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (CHANNEL_KEY.matcher(key).matches()) {
                topics.addAll(split(props.getProperty(key)));
            }
        }
        return topics;
    }

    /**
     * Consumer group to the topics it reads, for incoming channels. A channel without group.id uses the default
     * group, quarkus.application.name. Groups with a placeholder (e.g. per-pod "…-${quarkus.uuid}") are left out:
     * every instance reads everything there, so nothing scales on them.
     */
    Map<String, Set<String>> consumedTopicsBySharedGroup() {
        Map<String, Set<String>> byGroup = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (!m.matches() || !m.group(1).equals("incoming") || m.group(3).startsWith("dead-letter")) {
                continue;
            }
            String group = props.getProperty("mp.messaging.incoming." + m.group(2) + ".group.id", applicationName());
            if (group.contains("${")) {
                continue;
            }
            byGroup.computeIfAbsent(group, g -> new TreeSet<>()).addAll(split(props.getProperty(key)));
        }
        return byGroup;
    }

    /** Topics its incoming channels read (topic / topics; not the dead-letter topics). */
    Set<String> consumedTopics() {
        return channelTopics("incoming");
    }

    /** Topics it writes: its outgoing channels' topics and the dead-letter topics of its incoming channels. */
    Set<String> producedTopics() {
        Set<String> topics = channelTopics("outgoing");
        for (String key : props.stringPropertyNames()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (m.matches() && m.group(1).equals("incoming") && m.group(3).startsWith("dead-letter")) {
                topics.addAll(split(props.getProperty(key)));
            }
        }
        return topics;
    }

    /**
     * Consumer groups of its incoming channels, group to true when it is a name prefix: a group with a placeholder
     * (per-instance "detector-control-${quarkus.uuid}") stands for every group starting with the part before it.
     */
    Map<String, Boolean> consumerGroups() {
        Map<String, Boolean> groups = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (!m.matches() || !m.group(1).equals("incoming") || m.group(3).startsWith("dead-letter")) {
                continue;
            }
            String group = props.getProperty("mp.messaging.incoming." + m.group(2) + ".group.id", applicationName());
            int placeholder = group.indexOf("${");
            if (placeholder >= 0) {
                groups.put(group.substring(0, placeholder), true);
            } else {
                groups.put(group, false);
            }
        }
        return groups;
    }

    private Set<String> channelTopics(String direction) {
        Set<String> topics = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            Matcher m = CHANNEL_KEY.matcher(key);
            if (m.matches() && m.group(1).equals(direction) && !m.group(3).startsWith("dead-letter")) {
                topics.addAll(split(props.getProperty(key)));
            }
        }
        return topics;
    }

    /** Environment variables referenced as ${NAME} or ${NAME:default} in any value. */
    Set<String> environmentVariables() {
        Set<String> vars = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("%")) {
                continue;
            }
            Matcher m = ENV_REF.matcher(props.getProperty(key));
            while (m.find()) {
                vars.add(m.group(1));
            }
        }
        return vars;
    }

    private static Set<String> split(String value) {
        Set<String> out = new TreeSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
