/**
 * Heap storage for Cascade Buffer: samples in a {@code float[]}. Runs anywhere and needs no
 * native access; chunk views are heap segments of the array. Exports nothing: the buffer finds
 * it through {@link java.util.ServiceLoader} under the name {@code heap}.
 */
module io.cascade.buffer.heap {
    requires io.cascade.buffer;

    provides io.cascade.buffer.spi.AudioBufferProvider with io.cascade.buffer.heap.HeapBufferProvider;
}
