package kiln.passes.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kiln.ir.graph.Binary;
import kiln.ir.graph.BinaryFn;
import kiln.ir.graph.Graph;
import kiln.ir.graph.GraphBuilder;
import kiln.ir.graph.TensorType;
import kiln.ir.graph.Unary;
import kiln.ir.graph.UnaryFn;
import kiln.ir.graph.Value;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopInterpreter;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.Program;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;
import kiln.passes.lower.Lowering;
import kiln.runtime.DType;
import kiln.runtime.Tensor;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {
    private static final List<ScalarType> TYPES = List.of(ScalarType.F32, ScalarType.F32, ScalarType.F64,
            ScalarType.I32, ScalarType.I8);

    /** {@code out[i] = a[i] + b[i] ...} over the first {@code n} elements: a kernel that may run in place. */
    private static Kernel elementwise(String name, ScalarType t, long outSize, List<Long> inSizes, long n) {
        Buffer out = new Buffer("out", t, outSize, Buffer.Scope.GLOBAL);
        List<Buffer> params = new ArrayList<>();
        params.add(out);
        Expr.Var i = new Expr.Var("i", ScalarType.I32);
        Expr value = null;
        for (int k = 0; k < inSizes.size(); k++) {
            Buffer in = new Buffer("in" + k, t, inSizes.get(k), Buffer.Scope.GLOBAL);
            params.add(in);
            Expr load = new Expr.Load(in, i);
            value = value == null ? load : new Expr.Bin(BinOp.MAX, value, load);
        }
        if (value == null) {
            value = t.isFloat() ? new Expr.FloatImm(t, 1) : new Expr.IntImm(t, 1);
        }
        Stmt body = new Stmt.For(i, new Expr.IntImm(ScalarType.I32, n), LoopKind.SERIAL, new Stmt.Store(out, i, value));
        return new Kernel(name, params, body);
    }

    /** A random program: storage of random types, sizes and roles, calls of random arity. */
    static Program randomProgram(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Program.Storage> storage = new ArrayList<>();
        int count = r.nextInt(3, 20);
        for (int k = 0; k < count; k++) {
            ScalarType t = TYPES.get(r.nextInt(TYPES.size()));
            long size = r.nextInt(8) == 0 ? 0 : r.nextInt(1, 100);
            Program.Role role = switch (r.nextInt(8)) {
                case 0 -> Program.Role.INPUT;
                case 1 -> Program.Role.OUTPUT;
                default -> Program.Role.TEMP;
            };
            storage.add(new Program.Storage("s" + k, t, size, role, null));
        }
        List<Program.Call> calls = new ArrayList<>();
        int callCount = r.nextInt(1, 16);
        for (int c = 0; c < callCount; c++) {
            Program.Storage out = storage.get(r.nextInt(count));
            List<Program.Storage> args = new ArrayList<>(List.of(out));
            List<Long> inSizes = new ArrayList<>();
            for (int k = 0; k < r.nextInt(0, 4); k++) {
                Program.Storage in = storage.get(r.nextInt(count));
                if (in.type() == out.type()) {
                    args.add(in);
                    inSizes.add(in.size());
                }
            }
            long n = args.stream().mapToLong(Program.Storage::size).min().orElse(0);
            calls.add(new Program.Call(elementwise("k" + c, out.type(), out.size(), inSizes, n), args));
        }
        return new Program("random" + seed, storage, calls, List.of(), List.of());
    }

    /** Checks the plan's promise: storages live at the same call never overlap, except a recorded in-place reuse. */
    static void checkPlan(Program p, MemoryPlan plan, String context) {
        Map<Program.Storage, int[]> live = new HashMap<>();
        for (int i = 0; i < p.calls().size(); i++) {
            for (Program.Storage s : p.calls().get(i).args()) {
                live.computeIfAbsent(s, k -> new int[] {Integer.MAX_VALUE, -1});
                live.get(s)[0] = Math.min(live.get(s)[0], i);
                live.get(s)[1] = Math.max(live.get(s)[1], i);
            }
        }
        int end = p.calls().size();
        for (Program.Storage s : p.storage()) {
            boolean planned = s.role() == Program.Role.TEMP || s.role() == Program.Role.OUTPUT;
            if (s.role() == Program.Role.OUTPUT) {
                live.computeIfAbsent(s, k -> new int[] {end, end})[1] = end;
            }
            MemoryPlan.Placement at = plan.placement(s);
            if (!planned || !live.containsKey(s)) {
                assertNull(at, context + ": " + s.name() + " must not be placed");
                continue;
            }
            assertNotNull(at, context + ": " + s.name() + " is not placed");
            long unit = Math.max(1, MemoryPlanner.DEFAULT_ALIGNMENT / MemoryPlanner.byteSize(s.type()));
            assertEquals(0, at.offset() % unit, context + ": " + s.name() + " is not aligned");
            assertTrue(at.end() <= plan.arenaSize(s.type()), context + ": " + s.name() + " passes the arena's end");
            assertEquals(live.get(s)[0], at.firstCall(), context + ": first use of " + s.name());
            assertEquals(live.get(s)[1], at.lastCall(), context + ": last use of " + s.name());
        }
        List<Program.Storage> placed = new ArrayList<>(plan.placements().keySet());
        for (int x = 0; x < placed.size(); x++) {
            for (int y = x + 1; y < placed.size(); y++) {
                Program.Storage a = placed.get(x);
                Program.Storage b = placed.get(y);
                MemoryPlan.Placement pa = plan.placement(a);
                MemoryPlan.Placement pb = plan.placement(b);
                boolean together = pa.firstCall() <= pb.lastCall() && pb.firstCall() <= pa.lastCall();
                boolean overlap = pa.arena() == pb.arena() && pa.size() > 0 && pb.size() > 0
                        && pa.offset() < pb.end() && pb.offset() < pa.end();
                if (together && overlap && !reused(plan, a, b) && !reused(plan, b, a)) {
                    fail(context + ": " + a.name() + " " + pa + " and " + b.name() + " " + pb + " overlap while both live");
                }
            }
        }
    }

    private static boolean reused(MemoryPlan plan, Program.Storage input, Program.Storage result) {
        MemoryPlan.Placement in = plan.placement(input);
        MemoryPlan.Placement out = plan.placement(result);
        return in.lastCall() == out.firstCall() && in.offset() == out.offset()
                && plan.inPlace().contains(new MemoryPlan.Reuse(in.lastCall(), input, result));
    }

    @Test
    void noTwoLiveStoragesOverlapInRandomPrograms() {
        int reuses = 0;
        for (long seed = 0; seed < 300; seed++) {
            Program p = randomProgram(seed);
            MemoryPlan plan = MemoryPlanner.plan(p);
            checkPlan(p, plan, "random program, seed " + seed);
            reuses += plan.inPlace().size();
        }
        assertTrue(reuses > 20, "random programs should exercise in-place reuse, got " + reuses);
    }

    @Test
    void planIsDeterministic() {
        for (long seed = 0; seed < 50; seed++) {
            MemoryPlan a = MemoryPlanner.plan(randomProgram(seed));
            MemoryPlan b = MemoryPlanner.plan(randomProgram(seed));
            assertEquals(a, b, "seed " + seed);
            assertEquals(new ArrayList<>(a.placements().entrySet()), new ArrayList<>(b.placements().entrySet()));
        }
    }

    /** x → relu → exp → neg → sigmoid → add(·, x): each result can overwrite the value it is computed from. */
    private static Graph chain() {
        GraphBuilder b = new GraphBuilder("chain");
        Value x = b.input("x", TensorType.of(DType.F32, 3, 37));
        Value h = b.add(new Unary(UnaryFn.RELU), x);
        h = b.add(new Unary(UnaryFn.EXP), h);
        h = b.add(new Unary(UnaryFn.NEG), h);
        h = b.add(new Unary(UnaryFn.SIGMOID), h);
        b.output("y", b.add(new Binary(BinaryFn.ADD), h, x));
        return b.build();
    }

    @Test
    void elementwiseChainsRunInPlace() {
        Program p = Lowering.lower(chain(), Map.of());
        MemoryPlan plan = MemoryPlanner.plan(p);
        checkPlan(p, plan, "chain");
        assertEquals(4, plan.inPlace().size(), "every elementwise step after the first reuses its input");
        // 111 floats rounded up to 112 (64-byte units): the whole chain lives in one block.
        assertEquals(112, plan.arenaSize(ScalarType.F32));
        assertPlannedRunMatches(p, plan, Map.of("x", tensor(DType.F32, 7, 3, 37)));
    }

    @Test
    void aTransposeNeverOverwritesItsInput() {
        GraphBuilder b = new GraphBuilder("transpose");
        Value x = b.input("x", TensorType.of(DType.F32, 4, 5));
        Value h = b.add(new Unary(UnaryFn.RELU), x);
        Value t = b.add(new kiln.ir.graph.Transpose(List.of(1, 0)), h);
        b.output("y", b.add(new Unary(UnaryFn.NEG), t));
        Program p = Lowering.lower(b.build(), Map.of());
        MemoryPlan plan = MemoryPlanner.plan(p);
        checkPlan(p, plan, "transpose");
        assertTrue(plan.inPlace().stream().noneMatch(reuse -> reuse.call() == 1), plan.inPlace().toString());
        assertPlannedRunMatches(p, plan, Map.of("x", tensor(DType.F32, 8, 4, 5)));
    }

    /** Runs {@code p} with every planned storage in its arena, and checks the outputs are bit for bit unplanned ones. */
    static void assertPlannedRunMatches(Program p, MemoryPlan plan, Map<String, Tensor> inputs) {
        Map<ScalarType, Object> arenas = new EnumMap<>(ScalarType.class);
        plan.arenaSizes().forEach((t, n) -> arenas.put(t, LoopInterpreter.newArray(t, Math.toIntExact(n))));
        Map<Program.Storage, LoopInterpreter.Region> regions = new HashMap<>();
        plan.placements().forEach((s, at) -> regions.put(s,
                new LoopInterpreter.Region(arenas.get(at.arena()), Math.toIntExact(at.offset()))));
        Map<String, Tensor> planned = new LoopInterpreter().run(p, inputs, regions);
        Map<String, Tensor> free = new LoopInterpreter().run(p, inputs);
        for (String name : free.keySet()) {
            assertTrue(free.get(name).contentEquals(planned.get(name)), p.name() + ": output " + name + " differs when planned");
        }
    }

    static Tensor tensor(DType d, long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(d, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setDouble(i, r.nextDouble(-2, 2));
        }
        return t;
    }

    @Test
    void inPlaceAnalysis() {
        Kernel add = elementwise("add", ScalarType.F32, 10, List.of(10L, 10L), 10);
        Buffer out = add.params().get(0);
        Buffer a = add.params().get(1);
        Buffer b = add.params().get(2);
        assertTrue(InPlace.allows(add, java.util.Set.of(out), java.util.Set.of(a)));
        assertTrue(InPlace.allows(add, java.util.Set.of(out), java.util.Set.of(a, b)));
        // Reversed: out[i] = in[9 - i] reads what another iteration wrote.
        Expr.Var i = new Expr.Var("i", ScalarType.I32);
        Expr mirror = new Expr.Bin(BinOp.SUB, new Expr.IntImm(ScalarType.I32, 9), i);
        Kernel reverse = new Kernel("reverse", List.of(out, a), new Stmt.For(i, new Expr.IntImm(ScalarType.I32, 10),
                LoopKind.SERIAL, new Stmt.Store(out, i, new Expr.Load(a, mirror))));
        assertFalse(InPlace.allows(reverse, java.util.Set.of(out), java.util.Set.of(a)));
        // Every iteration stores to out[0]: not injective.
        Kernel same = new Kernel("same", List.of(out, a), new Stmt.For(i, new Expr.IntImm(ScalarType.I32, 10),
                LoopKind.SERIAL, new Stmt.Store(out, new Expr.IntImm(ScalarType.I32, 0), new Expr.Load(a, i))));
        assertFalse(InPlace.allows(same, java.util.Set.of(out), java.util.Set.of(a)));
        // A load after the store of the same iteration.
        Kernel late = new Kernel("late", List.of(out, a), new Stmt.For(i, new Expr.IntImm(ScalarType.I32, 10),
                LoopKind.SERIAL, Stmt.seq(new Stmt.Store(out, i, new Expr.FloatImm(ScalarType.F32, 0)),
                        new Stmt.Store(out, i, new Expr.Load(a, i)))));
        assertFalse(InPlace.allows(late, java.util.Set.of(out), java.util.Set.of(a)));
        // Complex pairs: out[2i] and out[2i+1] from a[2i] and a[2i+1] are fine.
        Expr two = new Expr.Bin(BinOp.MUL, i, new Expr.IntImm(ScalarType.I32, 2));
        Expr twoPlus = new Expr.Bin(BinOp.ADD, two, new Expr.IntImm(ScalarType.I32, 1));
        Kernel conj = new Kernel("conj", List.of(out, a), new Stmt.For(i, new Expr.IntImm(ScalarType.I32, 5),
                LoopKind.VECTORIZED, Stmt.seq(new Stmt.Store(out, two, new Expr.Load(a, two)),
                        new Stmt.Store(out, twoPlus, new Expr.Un(kiln.ir.loop.UnOp.NEG, new Expr.Load(a, twoPlus))))));
        assertTrue(InPlace.allows(conj, java.util.Set.of(out), java.util.Set.of(a)));
    }

    @Test
    void plannedLoweredModelsRunAsUnplanned() {
        for (Graph g : List.of(chain(), kiln.passes.lower.GraphFixtures.smallConvnet(),
                kiln.passes.lower.GraphFixtures.residualBlock(), kiln.passes.lower.GraphFixtures.fftConvolution())) {
            Program p = Lowering.lower(g, kiln.ir.graph.Weights.initial(g));
            MemoryPlan plan = MemoryPlanner.plan(p);
            checkPlan(p, plan, g.name());
            Map<String, Tensor> inputs = new HashMap<>();
            for (Program.Binding in : p.inputs()) {
                inputs.put(in.name(), tensor(in.type().dtype(), 11, in.type().shape().dims()));
            }
            assertPlannedRunMatches(p, plan, inputs);
            long temps = p.storage().stream().filter(s -> s.role() == Program.Role.TEMP)
                    .mapToLong(s -> s.size() * MemoryPlanner.byteSize(s.type())).sum();
            assertTrue(plan.totalBytes() > 0 && plan.totalBytes() <= temps + p.storage().stream()
                    .filter(s -> s.role() == Program.Role.OUTPUT).mapToLong(s -> 64 + s.size() * 8).sum(),
                    g.name() + ": arena " + plan.totalBytes() + " bytes");
        }
    }
}
