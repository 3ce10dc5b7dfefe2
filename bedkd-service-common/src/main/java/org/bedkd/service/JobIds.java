package org.bedkd.service;

import java.util.UUID;
import java.util.regex.Pattern;

/** Job ids become path segments in the store, so they are restricted to a safe alphabet. */
public final class JobIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private JobIds() {
    }

    public static String newId() {
        return "job-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.contains("..");
    }

    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid job id '" + id + "': 1-64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }
}
