/**
 * The ring engine behind the public API of {@code io.cascade.buffer}: the control-block layout
 * ({@link io.cascade.buffer.engine.ControlBlockDescriptor}) and access to it
 * ({@link io.cascade.buffer.engine.ControlBlock}), one storage generation and its index math
 * ({@link io.cascade.buffer.engine.Ring}) and the buffer's current one
 * ({@link io.cascade.buffer.engine.CurrentRing}), the write side
 * ({@link io.cascade.buffer.engine.Writer}, entered through a
 * {@link io.cascade.buffer.engine.WriteSide} of the producer mode, bounded by the readers'
 * {@link io.cascade.buffer.engine.Gate}, which the open
 * {@link io.cascade.buffer.engine.Readers} set; the calls of
 * {@link io.cascade.buffer.engine.Management} hold every side through
 * {@link io.cascade.buffer.engine.Exclusive}; {@link io.cascade.buffer.engine.Figures} reads
 * the figures into a {@link io.cascade.buffer.engine.Snapshot}, makes the status and metrics of
 * it and has it checked by {@link io.cascade.buffer.engine.Integrity}), a reader's cursor
 * ({@link io.cascade.buffer.engine.ReadCursor}, which fills a
 * {@link io.cascade.buffer.engine.ChunkWindow} and copies wrapped chunks into its
 * {@link io.cascade.buffer.engine.WrapCache}, over the reader's position and counters in its
 * {@code ReaderPosition} layer), the settings both sides copy
 * ({@link io.cascade.buffer.engine.BufferSettings}), waiting and waking
 * ({@link io.cascade.buffer.engine.Signal}), each side's padded hot fields
 * ({@link io.cascade.buffer.engine.SideState}), the JFR events and the shared-file layout. Not
 * exported: its public types are public only so that the API package can call them. Calls run
 * one way, API to engine to storage; the engine uses the API's value types and exceptions.
 *
 * <h2>Memory-order naming</h2>
 * Every access to a field that another thread reads or writes is one of these, and its name
 * says which:
 * <ul>
 *   <li><b>plain</b>: an ordinary field access, for fields that only their owning thread touches
 *       (a side's cached position of the other side, {@code SideState.cachedPosition}).</li>
 *   <li><b>opaque</b> ({@code get}, {@code set}, {@code add}, {@code max} of {@code ControlBlock};
 *       {@code getOpaque}, {@code setOpaque} on a VarHandle): no ordering, but never torn and
 *       never cached in a register; for counters with one writing side, read by snapshots that
 *       need no order. The per-call counts ({@code SideState.countOp()} and its kin) are opaque
 *       stores to the side's own fields, which on x86 and ARM are plain stores.</li>
 *   <li><b>acquire</b> ({@code ControlBlock.acquire}, {@code getAcquire}): loads after it stay
 *       after it; for reading the other side's position before touching the samples it covers.</li>
 *   <li><b>release</b> ({@code ControlBlock.release}, {@code setRelease}): stores before it stay
 *       before it; one release store publishes a write (the tail) or an advance (a head) to
 *       this process's other side, in a padded {@code PublishedPosition} of the side's own (in a
 *       shared file, in the control block, for the other process);
 *       and leaving a side ({@code SideState.OWNER} set to {@code FREE}).</li>
 *   <li><b>CAS</b> ({@code compareAndSet}, {@code compareAndExchange}, {@code getAndAdd}): a full
 *       fence; for taking a side ({@code SideState.OWNER}) and registering a waiter
 *       ({@code Signal}). Nothing on the steady path fences otherwise.</li>
 * </ul>
 */
package io.cascade.buffer.engine;
