package io.cascade.buffer.ffm;

/** The whole contract on mirrored storage again, its read side through a reader added with {@code newReader}. */
class FfmAddedReaderContractTest extends FfmContractTest {

    @Override
    protected boolean throughAddedReader() {
        return true;
    }
}
