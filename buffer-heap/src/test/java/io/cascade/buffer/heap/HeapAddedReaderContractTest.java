package io.cascade.buffer.heap;

/** The whole contract again, its read side through a reader added with {@code newReader}. */
class HeapAddedReaderContractTest extends HeapContractTest {

    @Override
    protected boolean throughAddedReader() {
        return true;
    }
}
