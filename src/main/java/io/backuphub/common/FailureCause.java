package io.backuphub.common;

/**
 * What a failure means to the person who must fix it: the cause in plain words, what to do, and where
 * (the setting and the page of the docs). The tool's own error stays beside it, unchanged.
 */
public record FailureCause(String cause, String fix, String setting, String doc) {
}
