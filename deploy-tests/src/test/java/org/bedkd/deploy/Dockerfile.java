package org.bedkd.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile as a list of instructions (continuation lines joined, comments dropped), split into stages. */
final class Dockerfile {

    record Instruction(String keyword, String args) {
    }

    record Stage(String from, String alias, List<Instruction> instructions) {

        List<String> args(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
        }

        String joined(String keyword) {
            return String.join("\n", args(keyword));
        }

        /** ENV key=value pairs (quoted values unquoted). */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher(joined("ENV"));
            while (m.find()) {
                String v = m.group(2);
                env.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
            }
            return env;
        }
    }

    /** ARGs declared before the first FROM, with their defaults. */
    final Map<String, String> globalArgs = new LinkedHashMap<>();
    final List<Stage> stages = new ArrayList<>();

    Dockerfile(String text) {
        StringBuilder logical = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") && logical.length() == 0) {
                continue;
            }
            if (line.startsWith("#") || line.isEmpty()) {
                continue; // a comment or blank line inside a continued instruction
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            lines.add(logical.toString());
            logical.setLength(0);
        }
        Stage current = null;
        for (String line : lines) {
            String[] kv = line.split("\\s+", 2);
            Instruction ins = new Instruction(kv[0].toUpperCase(), kv.length > 1 ? kv[1].strip() : "");
            if (ins.keyword().equals("FROM")) {
                String[] parts = ins.args().split("\\s+");
                String from = resolve(parts[0]);
                String alias = parts.length >= 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : null;
                current = new Stage(from, alias, new ArrayList<>());
                stages.add(current);
            } else if (current == null) {
                if (ins.keyword().equals("ARG")) {
                    String[] a = ins.args().split("=", 2);
                    globalArgs.put(a[0], a.length > 1 ? a[1] : null);
                }
            } else {
                current.instructions().add(ins);
            }
        }
    }

    static Dockerfile read(String relative) {
        return new Dockerfile(Repo.read(relative));
    }

    Stage last() {
        return stages.get(stages.size() - 1);
    }

    /** ${NAME} in a FROM, replaced by a global ARG default. */
    private String resolve(String image) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(image);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(globalArgs.get(m.group(1)))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
