package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.Program;
import kiln.ir.loop.ScalarType;
import kiln.runtime.Tensor;

/**
 * Schedules every kernel of a program with {@link DefaultScheduler} for a {@link Target}, letting the schedules
 * pack weights: a parameter bound to {@code CONSTANT} storage may be read in another layout
 * ({@link Pack}), and its packed copy is made here, at compile time, by running the packer kernel in the
 * {@link LoopInterpreter} (it moves elements, so any interpreter width gives the same bits). The program then
 * holds the packed constant instead of (or beside, when another call still reads it) the original one.
 *
 * <p>The result is scheduled but not yet through the loop passes: run {@code LoopPipeline.STANDARD} on each
 * kernel, as after {@link DefaultScheduler#run}. Its code must be generated for the target's vector width, for
 * which the weights are packed ({@code lanes(f32)} is {@code target.lanes()}).
 */
public final class ProgramScheduler {
    private ProgramScheduler() {
    }

    /** {@code p} scheduled for this machine. */
    public static Program run(Program p) {
        return run(p, Target.host());
    }

    public static Program run(Program p, Target target) {
        Map<Kernel, Map<String, DefaultScheduler.Scheduled>> byPackable = new HashMap<>();
        Map<String, Program.Storage> packed = new LinkedHashMap<>();
        List<Program.Call> calls = new ArrayList<>();
        for (Program.Call c : p.calls()) {
            Kernel k = c.kernel();
            java.util.TreeSet<String> packable = new java.util.TreeSet<>();
            for (int a = 0; a < c.args().size(); a++) {
                if (c.args().get(a).role() == Program.Role.CONSTANT) {
                    packable.add(k.params().get(a).name());
                }
            }
            DefaultScheduler.Scheduled s = byPackable.computeIfAbsent(k, x -> new HashMap<>())
                    .computeIfAbsent(String.join(",", packable), x -> DefaultScheduler.run(k, target, Set.copyOf(packable)));
            Kernel current = DefaultScheduler.prepare(k);
            Map<String, Program.Storage> args = new HashMap<>();
            for (int a = 0; a < c.args().size(); a++) {
                args.put(k.params().get(a).name(), c.args().get(a));
            }
            for (Step step : s.schedule().steps()) {
                if (step instanceof Pack pack) {
                    Program.Storage source = args.get(pack.buffer());
                    Kernel packer = pack.packer(current);
                    Kernel after = pack.apply(current);
                    Buffer newParam = added(current, after);
                    String key = source.name() + " " + pack.text();
                    Program.Storage made = packed.computeIfAbsent(key, x -> pack(source, packer, newParam, target));
                    args.remove(pack.buffer());
                    args.put(newParam.name(), made);
                    current = after;
                } else {
                    current = step.apply(current);
                }
            }
            List<Program.Storage> newArgs = new ArrayList<>();
            for (Buffer b : s.kernel().params()) {
                newArgs.add(args.get(b.name()));
            }
            calls.add(new Program.Call(s.kernel(), newArgs));
        }
        List<Program.Storage> storage = new ArrayList<>();
        java.util.Set<Program.Storage> used = new java.util.HashSet<>();
        calls.forEach(c -> used.addAll(c.args()));
        p.inputs().forEach(b -> used.add(b.storage()));
        p.outputs().forEach(b -> used.add(b.storage()));
        for (Program.Storage st : p.storage()) {
            if (used.contains(st)) {
                storage.add(st);
            }
        }
        storage.addAll(packed.values());
        return new Program(p.name(), storage, calls, p.inputs(), p.outputs());
    }

    /** The parameter {@code after} has that {@code before} had not: the packed buffer. */
    private static Buffer added(Kernel before, Kernel after) {
        for (Buffer b : after.params()) {
            if (!before.params().contains(b)) {
                return b;
            }
        }
        throw new IllegalStateException("pack added no parameter to " + before.name());
    }

    /** A constant storage holding {@code source} packed: the packer run at compile time. */
    private static Program.Storage pack(Program.Storage source, Kernel packer, Buffer packedParam, Target target) {
        ScalarType t = source.type();
        Map<Buffer, Object> arrays = new HashMap<>();
        Buffer in = packer.params().get(0);
        Buffer out = packer.params().get(1);
        arrays.put(in, toArray(source.constant(), t, (int) source.size()));
        Object result = LoopInterpreter.newArray(t, (int) out.size());
        arrays.put(out, result);
        new LoopInterpreter(target.lanes()).run(packer, arrays);
        Tensor data = fromArray(result, t);
        return new Program.Storage(source.name() + "_packed", t, out.size(), Program.Role.CONSTANT, data);
    }

    private static Object toArray(Tensor t, ScalarType type, int n) {
        return switch (type) {
            case F32 -> t.toFloatArray();
            case F64 -> t.toDoubleArray();
            default -> throw new IllegalArgumentException("packing " + type + " weights is not supported");
        };
    }

    private static Tensor fromArray(Object a, ScalarType type) {
        return switch (type) {
            case F32 -> Tensor.ofFloats(new int[] {((float[]) a).length}, (float[]) a);
            case F64 -> Tensor.ofDoubles(new int[] {((double[]) a).length}, (double[]) a);
            default -> throw new IllegalArgumentException("packing " + type + " weights is not supported");
        };
    }
}
