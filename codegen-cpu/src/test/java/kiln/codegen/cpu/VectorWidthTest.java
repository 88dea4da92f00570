package kiln.codegen.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import kiln.runtime.exec.VectorWidth;
import org.junit.jupiter.api.Test;

/** The width the build asks for is the width the kernels run at (surefire runs the module at each). */
class VectorWidthTest {
    @Test
    void theForcedWidthIsUsed() {
        String forced = System.getProperty(VectorWidth.PROPERTY);
        if (forced != null) {
            assertEquals(Integer.parseInt(forced), VectorWidth.BITS);
        }
        assertEquals(VectorWidth.BITS / 32, VectorWidth.F32.length());
        assertEquals(VectorWidth.F32.length(), VectorWidth.I32.length());
        System.out.println("kernels run at " + VectorWidth.BITS + " bits");
    }
}
