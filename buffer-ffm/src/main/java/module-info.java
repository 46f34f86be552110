/**
 * Native storage for Cascade Buffer: samples in memory from an {@link java.lang.foreign.Arena},
 * page aligned and rounded up to whole pages, so that chunk views can go straight to native
 * code. Exports nothing: the buffer finds it through {@link java.util.ServiceLoader} under the
 * name {@code ffm}.
 */
module io.cascade.buffer.ffm {
    requires io.cascade.buffer;

    provides io.cascade.buffer.spi.AudioBufferProvider with io.cascade.buffer.ffm.FfmBufferProvider;
}
