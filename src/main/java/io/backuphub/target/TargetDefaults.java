package io.backuphub.target;

/**
 * Settings a target does not give itself, from somewhere else (the policies file, docs/policies.md).
 * The targets file is read with them filled in, so a value from a policy is validated like one written
 * on the target. Implemented outside this package; with no implementation, targets are read as written.
 */
public interface TargetDefaults {

    /**
     * Reads the defaults anew. Throws {@link io.backuphub.common.InvalidConfigException} when they are
     * invalid; nothing changes until {@link Candidate#use()}.
     */
    Candidate read();

    /** Defaults read but not in use yet. */
    interface Candidate {

        /**
         * The declared target with the settings it leaves unset filled in. Throws
         * {@link IllegalArgumentException} saying why when the defaults disagree about this target.
         */
        Target apply(Target declared);

        /** Makes these the defaults in use: called once the targets read with them are valid. */
        void use();
    }

    /** Targets as written. */
    Candidate NONE = new Candidate() {

        @Override
        public Target apply(Target declared) {
            return declared;
        }

        @Override
        public void use() {
            // nothing to keep
        }
    };
}
