package kiln.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelaunchTest {
    @Test
    void theChildHasTheVectorModuleAndCompilesInTheForeground() {
        List<String> command = Relaunch.command("kiln.runtime.cli.ModelMain", new String[] {"--bench", "3"});
        int modules = command.indexOf("--add-modules");
        assertTrue(modules > 0, command.toString());
        assertEquals(Relaunch.VECTOR_MODULE, command.get(modules + 1));
        // This test's JVM sets nothing about background compilation, so the child turns it off.
        assertTrue(command.contains("-XX:-BackgroundCompilation"), command.toString());
        assertEquals(List.of("kiln.runtime.cli.ModelMain", "--bench", "3"), command.subList(command.size() - 3, command.size()));
    }

    @Test
    void jvmOptionsThatConcernTheRunArePassedOn() {
        assertTrue(Relaunch.passedOn("-Xmx2g"));
        assertTrue(Relaunch.passedOn("-XX:+BackgroundCompilation"));
        assertTrue(Relaunch.passedOn("-Dkiln.threads=2"));
        assertFalse(Relaunch.passedOn("-agentlib:jdwp=transport=dt_socket"));
    }
}
