package io.cascade.examples;

import io.cascade.examples.natives.NativeUnavailableException;
import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * Native components in tests: where one cannot be had a test is skipped with the reason, except
 * in CI, which installs them all (examples/tools/setup-native.sh) and sets
 * {@code CASCADE_REQUIRE_NATIVE=1} so that a missing one fails the build instead of hiding.
 */
public final class Natives {
    private static final boolean REQUIRED = "1".equals(System.getenv("CASCADE_REQUIRE_NATIVE"));

    private Natives() {
    }

    /** A call that opens a native component. */
    @FunctionalInterface
    public interface Opener<T> {
        T open() throws Exception;
    }

    /**
     * Opens a component the test needs, or skips (fails, under CI) with the reason.
     *
     * @param what   the component, for the message
     * @param opener opens it
     * @param <T>    what it returns
     * @return what the opener returned
     * @throws Exception what the opener threw, but for the component being unavailable
     */
    public static <T> T require(String what, Opener<T> opener) throws Exception {
        try {
            return opener.open();
        } catch (NativeUnavailableException e) {
            if (REQUIRED) {
                fail(what + " is required here (CASCADE_REQUIRE_NATIVE=1) but unavailable: " + e.getMessage());
            }
            // Not switched off: outside CI a machine without the component skips, with the reason;
            // .ci/run installs every component and sets REQUIRED, so there this line is never reached.
            Assumptions.abort(what + " unavailable: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    /**
     * Notes that a component a test would rather use was not taken; fails under CI.
     *
     * @param what   the component
     * @param detail what the program said
     */
    public static void notTaken(String what, String detail) {
        if (REQUIRED) {
            fail(what + " is required here (CASCADE_REQUIRE_NATIVE=1) but was not used:\n" + detail);
        }
    }
}
