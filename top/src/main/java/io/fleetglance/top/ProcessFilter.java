package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Glances' process filter ({@code /}): a regular expression matched against the name or the command line, or
 * {@code field:regex} against one field (e.g. {@code username:root}). Text that is not a valid expression is
 * matched literally rather than refused, so typing never breaks the list.
 */
record ProcessFilter(String text, String field, Pattern pattern) {

    private static final Pattern FIELD_FORM = Pattern.compile("([a-z_]+):(.*)");

    static final ProcessFilter NONE = new ProcessFilter("", null, null);

    static ProcessFilter of(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String field = null;
        String expression = text;
        Matcher m = FIELD_FORM.matcher(text);
        if (m.matches()) {
            field = m.group(1);
            expression = m.group(2);
        }
        Pattern p;
        try {
            p = Pattern.compile(expression, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            p = Pattern.compile(Pattern.quote(expression), Pattern.CASE_INSENSITIVE);
        }
        return new ProcessFilter(text, field, p);
    }

    boolean isEmpty() {
        return pattern == null;
    }

    boolean matches(JsonNode process) {
        if (pattern == null) {
            return true;
        }
        if (field != null) {
            return pattern.matcher(process.path(field).asText("")).find();
        }
        return pattern.matcher(process.path("name").asText("")).find()
                || pattern.matcher(commandLine(process)).find();
    }

    static String commandLine(JsonNode process) {
        StringBuilder b = new StringBuilder();
        for (JsonNode arg : process.path("cmdline")) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(arg.asText());
        }
        return b.toString();
    }
}
