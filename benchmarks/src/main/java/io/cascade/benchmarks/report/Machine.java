package io.cascade.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the run ran on, for the report's header.
 *
 * @param cpu   the CPU's model name
 * @param cores processors the JVM sees
 * @param jdk   vendor and version of the JDK that ran the report
 * @param os    operating system and architecture
 */
record Machine(String cpu, int cores, String jdk, String os) {

    static Machine detect() {
        String cpu = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException notLinux) {
            // keep "unknown"
        }
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }
}
