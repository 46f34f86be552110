package io.cascade.buffer.ffm;

import java.util.Locale;

/**
 * Whether this backend may make restricted calls ({@code Linker} downcalls, {@code reinterpret}):
 * only when native access is enabled for its module ({@code --enable-native-access=io.cascade.buffer.ffm}
 * on the module path, {@code ALL-UNNAMED} on the class path, or {@code Enable-Native-Access:
 * ALL-UNNAMED} in an executable jar's manifest), and only on Linux. Otherwise the backend uses
 * plain arena memory and keeps the reason, so that no JDK warning is ever printed for us.
 */
final class NativeAccess {
    private static final String REASON = computeReason();

    private NativeAccess() {
    }

    private static String computeReason() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return "not Linux (os.name=" + System.getProperty("os.name") + ")";
        }
        Module module = NativeAccess.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            return "native access is not enabled for " + (module.isNamed() ? "module " + module.getName()
                    : "the class path") + " (run with --enable-native-access=" + (module.isNamed() ? module.getName()
                    : "ALL-UNNAMED") + ")";
        }
        return "";
    }

    /** {@return whether restricted calls may be made here} */
    static boolean enabled() {
        return REASON.isEmpty();
    }

    /** {@return why restricted calls are not made, or an empty string} */
    static String reason() {
        return REASON;
    }
}
