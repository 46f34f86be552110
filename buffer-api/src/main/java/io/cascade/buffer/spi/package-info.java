/**
 * The service provider interface for storage backends: {@link io.cascade.buffer.spi.AudioBufferProvider}
 * finds and ranks them, {@link io.cascade.buffer.spi.SampleStorage} is the memory one of them
 * allocates. Users of the buffer need none of this; backend authors need nothing else.
 */
package io.cascade.buffer.spi;
