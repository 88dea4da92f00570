package kiln.codegen.cpu;

import kiln.ir.loop.Program;

/**
 * Where each piece of a program's storage lives at run time: at an element offset in the arena of its element
 * type (storage whose lifetimes do not overlap may share arena memory, as a memory planner decides), or in an
 * array of its own. Constants always have their own arrays.
 */
@FunctionalInterface
public interface StorageLayout {
    /** The element offset of {@code s} in its arena, or a negative number for an array of its own. */
    long arenaOffset(Program.Storage s);

    /** Every storage in an array of its own: no sharing, the layout to use without a memory plan. */
    static StorageLayout ownArrays() {
        return s -> -1;
    }
}
