package io.cascade.buffer.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few libc calls the ffm backend makes, as downcalls that capture {@code errno}. Linking is
 * a restricted operation: this class is loaded only after {@link NativeAccess#enabled()} said
 * yes, so that the JDK never prints its restricted-method warning on our behalf.
 */
@SuppressWarnings("restricted") // used only once NativeAccess.enabled() said yes
final class LibC {
    static final int PROT_NONE = 0;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;
    static final int MFD_CLOEXEC = 1;
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int SC_PAGESIZE = 30;
    static final int SC_LEVEL1_DCACHE_LINESIZE = 190;
    static final long MAP_FAILED = -1L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle MEMFD_CREATE = capturing("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** open(path, flags) with mode 0, as memfd_create(name, flags): it opens files that exist. */
    private static final MethodHandle OPEN = withMode(capturing("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2)), 0);
    private static final MethodHandle FTRUNCATE = capturing("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MMAP = capturing("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = capturing("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle CLOSE = capturing("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SYSCONF = capturing("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final MethodHandle STRERROR = plain("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private LibC() {
    }

    private static MethodHandle capturing(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElse(null);
        if (symbol == null) {
            return null;
        }
        Linker.Option[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = CAPTURE_ERRNO;
        return LINKER.downcallHandle(symbol, descriptor, all);
    }

    private static MethodHandle withMode(MethodHandle open, int mode) {
        return open == null ? null : MethodHandles.insertArguments(open, 3, mode);
    }

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LIBC.find(name).map(s -> LINKER.downcallHandle(s, descriptor)).orElse(null);
    }

    /** {@return whether every call needed for mirrored storage was found} */
    static boolean hasMirrorCalls() {
        return MEMFD_CREATE != null && OPEN != null && FTRUNCATE != null && MMAP != null && MUNMAP != null
                && CLOSE != null;
    }

    /** A failed call: its name, arguments and errno. */
    static final class NativeCallException extends Exception {
        private static final long serialVersionUID = 1L;

        NativeCallException(String call, int errno) {
            super(call + " failed: errno " + errno + " (" + strerror(errno) + ")");
        }
    }

    static int memfdCreate(String name, int flags) throws NativeCallException {
        return fileDescriptor(MEMFD_CREATE, "memfd_create", name, flags);
    }

    static int open(String path, int flags) throws NativeCallException {
        return fileDescriptor(OPEN, "open", path, flags);
    }

    /** Calls {@code function(name, flags)}, which returns a file descriptor or -1 and errno. */
    private static int fileDescriptor(MethodHandle call, String function, String name, int flags)
            throws NativeCallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            int fd = (int) call.invokeExact(state, a.allocateFrom(name), flags);
            if (fd < 0) {
                throw new NativeCallException(function + "(\"" + name + "\")", errno(state));
            }
            return fd;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(function + " downcall", t);
        }
    }

    static void ftruncate(int fd, long length) throws NativeCallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            int r = (int) FTRUNCATE.invokeExact(state, fd, length);
            if (r != 0) {
                throw new NativeCallException("ftruncate(" + fd + ", " + length + ")", errno(state));
            }
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("ftruncate downcall", t);
        }
    }

    static long mmap(long address, long length, int prot, int flags, int fd, long offset) throws NativeCallException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            long r = (long) MMAP.invokeExact(state, address, length, prot, flags, fd, offset);
            if (r == MAP_FAILED) {
                throw new NativeCallException("mmap(0x" + Long.toHexString(address) + ", " + length + ", prot " + prot
                        + ", flags 0x" + Integer.toHexString(flags) + ", fd " + fd + ")", errno(state));
            }
            return r;
        } catch (NativeCallException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap downcall", t);
        }
    }

    /** Unmaps; returns 0 or the errno, for use on cleanup paths that must not throw. */
    static int munmap(long address, long length) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            int r = (int) MUNMAP.invokeExact(state, address, length);
            return r == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap downcall", t);
        }
    }

    /** Closes a descriptor; returns 0 or the errno. */
    static int close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            int r = (int) CLOSE.invokeExact(state, fd);
            return r == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw new IllegalStateException("close downcall", t);
        }
    }

    /** {@return sysconf(name), or -1 when the call is missing or fails} */
    static long sysconf(int name) {
        if (SYSCONF == null) {
            return -1;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(CAPTURE);
            return (long) SYSCONF.invokeExact(state, name);
        } catch (Throwable t) {
            return -1;
        }
    }

    static String strerror(int errno) {
        if (STRERROR == null) {
            return "errno " + errno;
        }
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

}
