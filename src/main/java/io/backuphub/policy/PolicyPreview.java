package io.backuphub.policy;

import java.util.List;

/**
 * What a changed (or new) policy would do, before anyone saves it: each target whose settings would
 * change, and how; or why the change could not apply to it (two equally specific policies).
 */
public record PolicyPreview(String policyId, List<TargetChange> targets) {

    /** One target: the settings that would change, or the conflict that would refuse the policies file. */
    public record TargetChange(String targetId, List<Change> changes, String conflict) {
    }

    /** One setting: its value and where it comes from, now and after. */
    public record Change(String setting, Object before, String beforeSource, Object after, String afterSource) {
    }
}
