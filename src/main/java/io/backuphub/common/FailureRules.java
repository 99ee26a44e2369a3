package io.backuphub.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Known error texts and what they mean, tried in order: the first whose pattern is found in the error
 * explains it. A rule's texts may use the pattern's groups ({@code $1}) and {@code {target}}, the id of
 * the target that failed, so the setting it names is the one to open.
 */
public final class FailureRules {

    public static final FailureRules NONE = new FailureRules(List.of());
    /** The docs' page of the targets file, which most fixes name. */
    public static final String TARGETS_DOC = "docs/configuration.md#targets-file";
    private static final Pattern GROUP = Pattern.compile("\\$(\\d)");

    private record Rule(Pattern pattern, FailureCause meaning) {
    }

    private final List<Rule> rules;

    private FailureRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static FailureRules of() {
        return NONE;
    }

    /** These rules and one more, tried after them; {@code regex} is found case-insensitively. */
    public FailureRules when(String regex, String cause, String fix, String setting, String doc) {
        List<Rule> more = new ArrayList<>(rules);
        more.add(
                new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), new FailureCause(cause, fix, setting, doc)));
        return new FailureRules(more);
    }

    /** These rules, then {@code others}'. */
    public FailureRules then(FailureRules others) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(others.rules);
        return new FailureRules(all);
    }

    public Optional<FailureCause> explain(String error, String targetId) {
        if (error == null || error.isBlank()) {
            return Optional.empty();
        }
        for (Rule rule : rules) {
            Matcher found = rule.pattern().matcher(error);
            if (found.find()) {
                FailureCause m = rule.meaning();
                return Optional.of(new FailureCause(fill(m.cause(), found, targetId), fill(m.fix(), found, targetId),
                        fill(m.setting(), found, targetId), m.doc()));
            }
        }
        return Optional.empty();
    }

    private static String fill(String text, Matcher found, String targetId) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        Matcher group = GROUP.matcher(text.replace("{target}", targetId == null ? "" : targetId));
        while (group.find()) {
            int n = Integer.parseInt(group.group(1));
            String value = n <= found.groupCount() && found.group(n) != null ? found.group(n) : "";
            group.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return group.appendTail(out).toString();
    }
}
