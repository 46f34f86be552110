package io.cascade.buffer.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steady path's methods stay small enough for the JIT to inline them where they are hot.
 * C2 inlines a hot callee only up to {@code -XX:FreqInlineSize} (325 bytes of bytecode on
 * x86-64); a method that grows past it becomes a call on every take or write, which no unit
 * test notices and a benchmark shows only as noise-sized drift ({@code ReadCursor.take} was 326
 * bytes, {@code Writer.acquireRoom} 451). This reads each method's code length from its class
 * file.
 */
class HotPathSizeTest {
    /** HotSpot's default {@code FreqInlineSize} on x86-64 and AArch64. */
    private static final int FREQ_INLINE_SIZE = 325;

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
            "ReadCursor, tryTake", "ReadCursor, take", "ReadCursor, advance", "ReadCursor, enter",
            "ReaderPosition, catchUp", "ReaderPosition, tailFor", "ReaderPosition, consume",
            "Writer, writeBlock", "Writer, acquireRoom", "Room, make", "Writer, publish",
            "Writer, enterWriter", "WriteSide, enter", "SideState, enterAlone", "ChunkWindow, fill"})
    void aSteadyPathMethodFitsTheInliningLimit(String type, String method) throws IOException {
        Map<String, Integer> lengths = codeLengths(type);
        assertThat(lengths).as("methods of %s", type).containsKey(method);
        assertThat(lengths.get(method)).as("bytecode of %s.%s", type, method).isLessThanOrEqualTo(FREQ_INLINE_SIZE);
    }

    /** The longest code of each method name of an engine class (overloads share a name). */
    private static Map<String, Integer> codeLengths(String type) throws IOException {
        try (InputStream in = HotPathSizeTest.class.getResourceAsStream(type + ".class")) {
            assertThat(in).as("class file of %s", type).isNotNull();
            DataInputStream d = new DataInputStream(in);
            d.readInt(); // magic
            d.readUnsignedShort(); // minor
            d.readUnsignedShort(); // major
            String[] utf8 = readConstantPool(d);
            d.skipNBytes(6); // access flags, this class, super class
            d.skipNBytes(2L * d.readUnsignedShort()); // interfaces
            int fields = d.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                d.skipNBytes(6);
                skipAttributes(d);
            }
            Map<String, Integer> lengths = new HashMap<>();
            int methods = d.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                d.readUnsignedShort(); // access flags
                String name = utf8[d.readUnsignedShort()];
                d.readUnsignedShort(); // descriptor
                int attributes = d.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[d.readUnsignedShort()];
                    int length = d.readInt();
                    if (attribute.equals("Code")) {
                        d.skipNBytes(4); // max stack, max locals
                        int code = d.readInt();
                        lengths.merge(name, code, Math::max);
                        d.skipNBytes(length - 8L);
                    } else {
                        d.skipNBytes(length);
                    }
                }
            }
            return lengths;
        }
    }

    /** Reads the constant pool, keeping its UTF-8 entries by index. */
    private static String[] readConstantPool(DataInputStream d) throws IOException {
        int count = d.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = d.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = d.readUTF();
                case 7, 8, 16, 19, 20 -> d.skipNBytes(2);
                case 15 -> d.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> d.skipNBytes(4);
                case 5, 6 -> {
                    d.skipNBytes(8);
                    i++; // a long or double takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        return utf8;
    }

    private static void skipAttributes(DataInputStream d) throws IOException {
        int attributes = d.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            d.readUnsignedShort();
            d.skipNBytes(d.readInt());
        }
    }
}
