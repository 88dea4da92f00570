package kiln.passes.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import kiln.passes.schedule.Step;
import org.junit.jupiter.api.Test;

/** Passes and schedule steps hold no state: passes have no instance fields, steps are records. */
class StatelessPassesTest {

    @Test
    void loopPassesHaveNoInstanceFields() {
        for (LoopPass p : LoopPassCasesTest.PASSES.values()) {
            for (Field f : p.getClass().getDeclaredFields()) {
                assertTrue(Modifier.isStatic(f.getModifiers()), p.name() + " has instance field " + f.getName());
            }
        }
        for (LoopPass p : LoopPipeline.STANDARD.passes()) {
            assertTrue(LoopPassCasesTest.PASSES.containsValue(p), p.name() + " has no test cases");
        }
    }

    @Test
    void stepsAreRecords() {
        for (Class<?> c : Step.class.getPermittedSubclasses()) {
            assertTrue(c.isRecord(), c.getSimpleName() + " is not a record");
        }
    }
}
