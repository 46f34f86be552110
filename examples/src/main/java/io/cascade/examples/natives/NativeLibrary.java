package io.cascade.examples.natives;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * A system shared library opened for downcalls, or the reason it cannot be: native access not
 * enabled for this module (linking is restricted), or the library not installed. Bindings call
 * {@link #open} once and keep the handles for the life of the process, so the library is never
 * closed: the global arena says so, as {@code dlopen} without {@code dlclose} would.
 */
@SuppressWarnings("restricted") // only once isNativeAccessEnabled() said yes
public final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String soname;
    private final SymbolLookup lookup;

    private NativeLibrary(String soname, SymbolLookup lookup) {
        this.soname = soname;
        this.lookup = lookup;
    }

    /**
     * Makes a binding's handles from its opened library.
     *
     * @param <T> the binding
     */
    @FunctionalInterface
    public interface Binder<T> {
        /**
         * Makes the binding.
         *
         * @param library the opened library
         * @return the binding
         * @throws NativeUnavailableException when the library lacks what the binding needs
         */
        T bind(NativeLibrary library) throws NativeUnavailableException;
    }

    /**
     * A binding made on first use and kept for the life of the process. While the library
     * cannot be opened, each use tries again and throws the reason.
     *
     * @param <T> the binding
     */
    public static final class Once<T> {
        private final String soname;
        private final String debianPackage;
        private final Binder<T> binder;
        private volatile T binding;

        /**
         * A binding of {@code soname}, not made yet.
         *
         * @param soname        the library's file name
         * @param debianPackage the package that installs it
         * @param binder        makes the binding from the opened library
         */
        public Once(String soname, String debianPackage, Binder<T> binder) {
            this.soname = soname;
            this.debianPackage = debianPackage;
            this.binder = binder;
        }

        /**
         * {@return the binding, made by the first call}
         *
         * @throws NativeUnavailableException when the library is not installed or native access is off
         */
        public T get() throws NativeUnavailableException {
            T b = binding;
            if (b == null) {
                synchronized (this) {
                    b = binding;
                    if (b == null) {
                        b = binder.bind(open(soname, debianPackage));
                        binding = b;
                    }
                }
            }
            return b;
        }
    }

    /**
     * Opens {@code soname}.
     *
     * @param soname        the library's file name, e.g. {@code libsndfile.so.1}
     * @param debianPackage the package that installs it, for the message when it is missing
     * @return the library
     * @throws NativeUnavailableException with the reason when it cannot be used
     */
    public static NativeLibrary open(String soname, String debianPackage) throws NativeUnavailableException {
        requireNativeAccess(soname);
        try {
            return new NativeLibrary(soname, SymbolLookup.libraryLookup(soname, Arena.global()));
        } catch (IllegalArgumentException notFound) {
            throw new NativeUnavailableException(soname + " is not installed (apt-get install " + debianPackage
                    + ", or run examples/tools/setup-native.sh)");
        }
    }

    /**
     * Throws unless this module may make restricted calls.
     *
     * @param what what needs them, for the message
     * @throws NativeUnavailableException when native access is not enabled
     */
    public static void requireNativeAccess(String what) throws NativeUnavailableException {
        Module module = NativeLibrary.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            throw new NativeUnavailableException(what + " needs native access, which is not enabled for "
                    + (module.isNamed() ? "module " + module.getName() : "the class path")
                    + " (run with --enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED")
                    + ")");
        }
    }

    /**
     * A downcall handle for a function of this library.
     *
     * @param name       the C symbol
     * @param descriptor its signature
     * @param options    linker options (e.g. the first variadic argument)
     * @return the handle
     * @throws NativeUnavailableException when the symbol is missing (a library too old)
     */
    public MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options)
            throws NativeUnavailableException {
        MemorySegment symbol = lookup.find(name).orElseThrow(
                () -> new NativeUnavailableException(soname + " has no function " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** {@return the native linker, for upcall stubs} */
    public static Linker linker() {
        return LINKER;
    }

    @Override
    public String toString() {
        return soname;
    }
}
