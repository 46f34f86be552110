package io.cascade.buffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** buffer-api alone has no backend on its test path: building a buffer says what to add. */
class NoBackendTest {

    @Test
    void noProviderOnThePathSaysWhichModulesToAdd() {
        assertThat(Backends.providers()).isEmpty();
        assertThatThrownBy(() -> AudioRingBuffer.create(AudioConfig.mono(16_000), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("buffer-ffm").hasMessageContaining("buffer-heap");
    }
}
