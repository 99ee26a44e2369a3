package io.backuphub.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility's {@code await()} for this project's tests. By default Awaitility fails a wait when any
 * thread of the JVM throws an uncaught exception; the tests share one JVM with the hub, whose
 * libraries' threads (an SSH client's channel group as it stops, say) are not what a test checks. A
 * test asserts what it waits for; stray exceptions are still printed by the thread's handler.
 */
public final class Waits {

    private Waits() {
    }

    public static ConditionFactory await() {
        return Awaitility.await().dontCatchUncaughtExceptions();
    }
}
