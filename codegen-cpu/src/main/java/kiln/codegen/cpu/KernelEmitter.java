package kiln.codegen.cpu;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;

/**
 * One kernel as Java methods: a {@code public static} method taking each buffer parameter as an array and an
 * element offset, plus one private method per parallel loop (the chunk of iterations a thread runs). Serial
 * loops become {@code for} loops; unrolled loops repeat their body with the variable as a constant; parallel
 * loops run their chunks on the runtime's pool (only the outermost: a parallel loop inside one runs serially
 * on its thread); vectorized loops go to {@link VectorLoopEmitter}. Local tiles become variables or arrays as
 * {@link TilePlan} decides; arrays are allocated once per call (or per chunk, inside a parallel loop), not per
 * iteration, as a tile's contents start undefined anyway.
 */
final class KernelEmitter {
    private final Kernel kernel;
    private final String methodName;
    private final List<String> sharedBy;
    final ClassFields cls;
    final Names names;
    final TilePlan tiles;
    final ScalarExprs scalar;
    final VectorExprs vector;
    private final VectorLoopEmitter vectorLoops;
    private final List<MethodSpec> chunks = new ArrayList<>();
    /** Methods made from loops so far: numbers them in the order they are started. */
    private int outlined;
    /** Java locals that are assigned after their declaration (loop counters): lambdas cannot capture them. */
    private final Set<String> mutable = new HashSet<>();

    /** The method whose code is being generated: where its hoisted arrays go, and whether it may fork. */
    static final class Method {
        final CodeBlock.Builder prologue = CodeBlock.builder();
        final boolean mayFork;
        /** A method made for one register tile: the tile's block is emitted here, not outlined again. */
        boolean holdsTile;
        /**
         * The f32 array strided vector stores go through, made when first needed: allocated in the prologue of a
         * kernel or parallel chunk method, or, in a method outlined for a register tile (called once per tile
         * row), a parameter its caller passes, so that no tile allocates.
         */
        String laneScratch;
        /** The lane scratch array is a parameter. */
        boolean scratchFromCaller;

        Method(boolean mayFork) {
            this.mayFork = mayFork;
        }
    }

    /** The emitter of a method that also runs {@code sharedBy}, kernels with the same body as {@code kernel}. */
    KernelEmitter(Kernel kernel, String methodName, ClassFields cls, List<String> sharedBy) {
        this.kernel = kernel;
        this.sharedBy = List.copyOf(sharedBy);
        this.methodName = methodName;
        this.cls = cls;
        this.names = new Names(ClassFields.RESERVED);
        this.tiles = TilePlan.of(kernel, cls.lanes32());
        this.scalar = new ScalarExprs(cls);
        this.vector = new VectorExprs(cls, scalar, names);
        this.vectorLoops = new VectorLoopEmitter(this);
    }

    /** The kernel's method, then its chunk methods. */
    List<MethodSpec> emit() {
        MethodSpec.Builder m = MethodSpec.methodBuilder(methodName).addModifiers(Modifier.PUBLIC, Modifier.STATIC);
        m.addJavadoc("Kernel {@code $L}.\n", kernel.name());
        if (!sharedBy.isEmpty()) {
            m.addJavadoc("Also kernels $L: the same code on other buffers.\n",
                    String.join(", ", sharedBy.stream().map(n -> "{@code " + n + "}").toList()));
        }
        Env env = Env.EMPTY;
        for (Buffer b : kernel.params()) {
            String array = names.fresh(b.name());
            String offset = names.fresh(b.name() + "_off");
            m.addParameter(ClassFields.array(b.type()), array).addParameter(TypeName.INT, offset);
            m.addJavadoc("@param $N $L[$L]\n", array, b.type().text(), b.size());
            env = env.buffer(b, new Env.BufferRef.Array(array, offset));
        }
        Method top = new Method(true);
        CodeBlock.Builder body = CodeBlock.builder();
        stmt(kernel.body(), env, top, body);
        m.addCode(top.prologue.build()).addCode(body.build());
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(m.build());
        methods.addAll(chunks);
        return methods;
    }

    void stmt(Stmt s, Env env, Method m, CodeBlock.Builder out) {
        switch (s) {
            case Stmt.For f -> loop(f, env, m, out);
            case Stmt.Store st -> store(st, env, out);
            case Stmt.Seq seq -> seq.stmts().forEach(x -> stmt(x, env, m, out));
            case Stmt.If i -> {
                Expr cond = Fold.fold(i.cond(), env.facts);
                if (cond instanceof Expr.IntImm c) {
                    stmt(c.value() != 0 ? i.then() : i.otherwise(), env, m, out);
                    return;
                }
                out.beginControlFlow("if ($L)", scalar.emit(cond, env).code());
                stmt(i.then(), env, m, out);
                if (!isEmpty(i.otherwise())) {
                    out.nextControlFlow("else");
                    stmt(i.otherwise(), env, m, out);
                }
                out.endControlFlow();
            }
            case Stmt.Let l -> {
                Expr value = Fold.fold(l.value(), env.facts);
                if (value instanceof Expr.IntImm c) {
                    stmt(l.body(), env.constant(l.var(), c.value()), m, out);
                    return;
                }
                String name = names.fresh(l.var().name());
                out.addStatement("final $T $N = $L", ClassFields.scalar(l.var().type()), name, scalar.emit(value, env).code());
                stmt(l.body(), env.let(l.var(), new Env.Binding.Local(name, l.var().type()), value), m, out);
            }
            case Stmt.Allocate a when !m.holdsTile && tiles.mode(a.buffer()) == TilePlan.Mode.VECTORS ->
                    // A tile not under a loop of its own (a border copy, a loop of one iteration removed): its own
                    // method too, as a loop of one iteration, for the reason given at holdsRegisterTile.
                    outline(new Stmt.For(new Expr.Var(names.fresh("once"), ScalarType.I32),
                            new Expr.IntImm(ScalarType.I32, 1), LoopKind.SERIAL, a), new Expr.IntImm(ScalarType.I32, 1),
                            env, m, out);
            case Stmt.Allocate a -> stmt(a.body(), env.buffer(a.buffer(), allocate(a.buffer(), m, out)), m, out);
        }
    }

    /** The lane scratch array of {@code m} (see {@link Method#laneScratch}). */
    String laneScratch(Method m) {
        if (m.laneScratch == null) {
            m.laneScratch = names.fresh("lanes");
            if (!m.scratchFromCaller) {
                m.prologue.addStatement("final float[] $N = new float[$L]", m.laneScratch, cls.lanes32());
            }
        }
        return m.laneScratch;
    }

    static boolean isEmpty(Stmt s) {
        return s instanceof Stmt.Seq seq && seq.stmts().stream().allMatch(KernelEmitter::isEmpty);
    }

    private void loop(Stmt.For f, Env env, Method m, CodeBlock.Builder out) {
        Expr extent = Fold.fold(f.extent(), env.facts);
        int copies = TilePlan.unrollCount(f.kind(), extent);
        if (copies >= 0) {
            for (int i = 0; i < copies; i++) {
                stmt(f.body(), env.constant(f.var(), i), m, out);
            }
            return;
        }
        switch (f.kind()) {
            case UNROLLED -> {
                out.add("// not unrolled: the extent is not a constant of at most $L\n", TilePlan.MAX_UNROLL);
                serial(f, extent, env, m, out);
            }
            case PARALLEL -> {
                long work = work(f, env);
                if (m.mayFork && !(extent instanceof Expr.IntImm i && i.value() <= 1) && work >= MIN_PARALLEL_WORK) {
                    parallel(f, extent, env, out);
                } else {
                    if (!m.mayFork) {
                        out.add("// parallel loop inside a parallel loop: runs on its thread\n");
                    } else if (work < MIN_PARALLEL_WORK) {
                        out.add("// parallel loop of $L stores: runs on its thread, forking would cost more\n", work);
                    }
                    serial(f, extent, env, m, out);
                }
            }
            case VECTORIZED -> vectorLoops.loop(f, extent, env, m, out);
            case SERIAL -> {
                if (holdsRegisterTile(f, tiles) && !(extent instanceof Expr.IntImm one && one.value() <= 1)) {
                    outline(f, extent, env, m, out);
                } else {
                    serial(f, extent, env, m, out);
                }
            }
        }
    }

    /**
     * The fewest element stores (counted over every loop of its body, both arms of a guard) a parallel loop must
     * make to run on the pool. Handing out chunks and waiting for the last one costs about 0.7 µs even with
     * the workers awake and nothing to do (measured on Zen 3, 2 threads), and a vectorized elementwise loop of
     * 16K elements was no faster on two threads than on one (about 3.5 µs either way): smaller loops, such as
     * the kernels of channel gates (a 1×1 convolution of a pooled vector, a sigmoid), run on their caller's
     * thread.
     */
    static final long MIN_PARALLEL_WORK = 1 << 14;

    /** The element stores {@code s} makes, as far as its loop extents are constants; unknown extents count as large. */
    private long work(Stmt s, Env env) {
        return switch (s) {
            case Stmt.For f -> {
                long n = constant(Fold.fold(f.extent(), env.facts));
                long body = work(f.body(), env);
                yield n < 0 ? Long.MAX_VALUE : body == 0 ? 0 : n > Long.MAX_VALUE / body ? Long.MAX_VALUE : n * body;
            }
            case Stmt.Store st -> 1;
            case Stmt.Seq seq -> {
                long sum = 0;
                for (Stmt x : seq.stmts()) {
                    long w = work(x, env);
                    sum = w > Long.MAX_VALUE - sum ? Long.MAX_VALUE : sum + w;
                }
                yield sum;
            }
            case Stmt.If i -> {
                long a = work(i.then(), env);
                long b = work(i.otherwise(), env);
                yield a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
            }
            case Stmt.Let l -> work(l.body(), env);
            case Stmt.Allocate a -> work(a.body(), env);
        };
    }

    /** The value of a loop extent made of constants and lane counts, or -1. */
    private long constant(Expr e) {
        return switch (e) {
            case Expr.IntImm i -> i.value() < 0 ? -1 : i.value();
            case Expr.Lanes l -> (long) cls.lanes32() * 32 / l.elem().bits();
            case Expr.Bin b -> {
                long x = constant(b.a());
                long y = constant(b.b());
                if (x < 0 || y < 0 || x > Integer.MAX_VALUE || y > Integer.MAX_VALUE) {
                    yield -1;
                }
                long v = switch (b.op()) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    case MUL -> x * y;
                    case DIV, FLOORDIV -> y == 0 ? -1 : x / y;
                    case MIN -> Math.min(x, y);
                    case MAX -> Math.max(x, y);
                    default -> -1;
                };
                yield v < 0 ? -1 : v;
            }
            default -> -1;
        };
    }

    void serial(Stmt.For f, Expr extent, Env env, Method m, CodeBlock.Builder out) {
        if (extent instanceof Expr.IntImm i && i.value() <= 1) {
            if (i.value() == 1) {
                stmt(f.body(), env.constant(f.var(), 0), m, out);
            }
            return;
        }
        CodeBlock bound = bound(extent, env, f.var().name(), out);
        String v = names.fresh(f.var().name());
        mutable.add(v);
        if (accumulatesInRegisters(f.body(), env, f.kind())) {
            Map<Long, Expr.Var> ivs = new java.util.TreeMap<>();
            Stmt body = InductionVariables.reduce(f.body(), f.var(), names, ivs);
            CodeBlock.Builder init = CodeBlock.builder().add("int $N = 0", v);
            CodeBlock.Builder next = CodeBlock.builder().add("$N++", v);
            Env inner = env.loop(f.var(), new Env.Binding.Local(v, ScalarType.I32), extent, f.kind());
            for (Map.Entry<Long, Expr.Var> iv : ivs.entrySet()) {
                String name = iv.getValue().name();
                mutable.add(name);
                init.add(", $N = 0", name);
                next.add(", $N += $L", name, iv.getKey());
                inner = inner.loop(iv.getValue(), new Env.Binding.Local(name, ScalarType.I32), null, LoopKind.SERIAL);
            }
            out.beginControlFlow("for ($L; $N < $L; $L)", init.build(), v, bound, next.build());
            stmt(body, inner, m, out);
            out.endControlFlow();
            return;
        } else {
            out.beginControlFlow("for (int $N = 0; $N < $L; $N++)", v, v, bound, v);
        }
        stmt(f.body(), env.loop(f.var(), new Env.Binding.Local(v, ScalarType.I32), extent, f.kind()), m, out);
        out.endControlFlow();
    }

    /**
     * True for the reduction loop of a micro-kernel: a serial loop with no loop inside but unrolled ones and
     * single vectors, updating a tile kept in registers that is declared outside it. It is emitted as a counted
     * loop (step 1, constant bound), its indices advancing by induction variables: C2 then removes the bounds
     * checks and the safepoint poll from every iteration. (An earlier step C2 could not see kept it from
     * unrolling the loop, at the cost of those checks and of array bases reloaded from the stack; measured on
     * Zen 3 with AVX2, the counted loop is as fast or faster for every tile shape tried, up to 2× for a 1024³
     * matrix product.)
     */
    private boolean accumulatesInRegisters(Stmt body, Env env, LoopKind kind) {
        if (kind != LoopKind.SERIAL) {
            return false;
        }
        boolean[] tile = {false};
        boolean[] loop = {false};
        kiln.ir.loop.Uses.forEach(body, s -> {
            switch (s) {
                case Stmt.For f -> {
                    Expr e = Fold.fold(f.extent(), env.facts);
                    boolean oneVector = f.kind() == LoopKind.VECTORIZED && (e instanceof Expr.Lanes
                            || e instanceof Expr.IntImm n && n.value() == cls.lanes32());
                    if (!oneVector && TilePlan.unrollCount(f.kind(), e) < 0) {
                        loop[0] = true;
                    }
                }
                case Stmt.Store st -> {
                    Env.BufferRef r = env.find(st.buffer());
                    if (r instanceof Env.BufferRef.Vectors || r instanceof Env.BufferRef.Scalars sc && !sc.perLane()) {
                        tile[0] = true;
                    }
                }
                default -> {
                }
            }
        }, e -> {
        });
        return tile[0] && !loop[0];
    }

    /** A loop bound: the extent itself when it is a name or literal, else a final local computed once. */
    CodeBlock bound(Expr extent, Env env, String var, CodeBlock.Builder out) {
        JExpr e = scalar.emit(extent, env);
        if (e.atomic()) {
            return e.code();
        }
        String n = names.fresh(var + "_n");
        out.addStatement("final int $N = $L", n, e.code());
        return CodeBlock.of("$N", n);
    }

    /**
     * {@code Parallel.forRange(n, (lo, hi) -> kernel$parK(lo, hi, captured...))}, the chunk method running
     * iterations [lo, hi) with every variable and buffer of the enclosing scope it uses as a parameter.
     */
    private void parallel(Stmt.For f, Expr extent, Env env, CodeBlock.Builder out) {
        outline(f, extent, env, null, out);
    }

    /**
     * The body of a serial loop that holds a register tile is a method of its own, called once per iteration,
     * {@code for (i = 0; i < n; i++) kernel$tileK(i, captured...)}: C2 inlines the Vector API into a method
     * only up to a budget of bytecode ({@code DesiredMethodLimit}), and a method holding several unrolled micro-kernels (the interior and border
     * copies of a convolution) exceeds it, leaving vector calls out of line and boxed — ten times slower. The
     * loop stays in the caller (see {@link #outline}).
     */
    private static boolean holdsRegisterTile(Stmt.For f, TilePlan tiles) {
        Stmt s = f.body();
        while (s instanceof Stmt.Let l) {
            s = l.body();
        }
        return s instanceof Stmt.Allocate a && tiles.mode(a.buffer()) == TilePlan.Mode.VECTORS;
    }

    /**
     * The most characters of Java source of a register tile run one per call. C1's profiling tier gives up
     * on larger ones ("out of virtual registers": a 5×2 tile of a matrix product with an erf epilogue, 38 K
     * characters, in convnext_block), and a method called once per tile then waits long for C2 — hundreds of
     * times slower until it comes; under a loop over its tiles, C2 compiles it on stack replacement. Below the
     * limit one call per tile wins: inceptionnext_block's 4×2 tile of a 1×1 convolution with the same epilogue
     * (29 K characters) took it from 7.9 to 4.4 ms per run (Zen 3, AVX2, 2 threads, measured side by side).
     */
    static final int MAX_TILE_PER_CALL = 32_000;

    /**
     * The loop as a method with every variable and buffer of the enclosing scope it uses as a parameter: for a
     * parallel loop ({@code caller} null) one running iterations [lo, hi), called on the pool; for a register
     * tile one running one iteration, called in a loop in the caller (a very large tile: iterations [0, n)).
     */
    private void outline(Stmt.For f, Expr extent, Env env, Method caller, CodeBlock.Builder out) {
        boolean parallel = caller == null;
        String chunkName = methodName + (parallel ? "$par" : "$tile") + outlined++;
        String lo = names.fresh("lo");
        String hi = names.fresh("hi");
        Method chunk = new Method(false);
        chunk.holdsTile = !parallel && holdsRegisterTile(f, tiles);
        chunk.scratchFromCaller = !parallel;
        String i = names.fresh(f.var().name());
        mutable.add(i);
        Env inner = env.loop(f.var(), new Env.Binding.Local(i, ScalarType.I32), extent, f.kind());
        CodeBlock.Builder tileCode = CodeBlock.builder();
        stmt(f.body(), inner, chunk, tileCode);
        CodeBlock tile = tileCode.build();
        // A tile too large runs under a loop of its own, as a parallel chunk does (see MAX_TILE_PER_CALL).
        boolean ranged = parallel || tile.toString().length() > MAX_TILE_PER_CALL;
        CodeBlock.Builder body = CodeBlock.builder();
        if (ranged) {
            body.beginControlFlow("for (int $N = $N; $N < $N; $N++)", i, lo, i, hi, i);
            body.add(tile);
            body.endControlFlow();
        } else {
            body.add(tile);
        }

        Map<String, TypeName> captured = new LinkedHashMap<>();
        Captures.of(f.body(), env, captured);
        MethodSpec.Builder method = MethodSpec.methodBuilder(chunkName).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
        if (ranged) {
            method.addParameter(TypeName.INT, lo).addParameter(TypeName.INT, hi);
        } else {
            method.addParameter(TypeName.INT, i);
        }
        CodeBlock.Builder args = CodeBlock.builder().add("$N, $N", lo, hi);
        CodeBlock bound = bound(extent, env, f.var().name(), out);
        List<CodeBlock> copies = new ArrayList<>();
        for (Map.Entry<String, TypeName> c : captured.entrySet()) {
            method.addParameter(ParameterSpec.builder(c.getValue(), c.getKey()).build());
            String passed = c.getKey();
            if (mutable.contains(passed)) {
                passed = names.fresh(passed + "_c");
                copies.add(CodeBlock.of("final $T $N = $N", c.getValue(), passed, c.getKey()));
            }
            args.add(", $N", passed);
        }
        if (chunk.laneScratch != null && chunk.scratchFromCaller) {
            method.addParameter(ParameterSpec.builder(float[].class, chunk.laneScratch).build());
        }
        method.addCode(chunk.prologue.build()).addCode(body.build());
        chunks.add(method.build());
        if (parallel) {
            copies.forEach(out::addStatement);
            out.addStatement("$T.forRange($L, ($N, $N) -> $N($L))", ClassFields.PARALLEL, bound, lo, hi, chunkName,
                    args.build());
            return;
        }
        if (ranged) {
            CodeBlock.Builder direct = CodeBlock.builder().add("0, $L", bound);
            for (String c : captured.keySet()) {
                direct.add(", $N", c);
            }
            if (chunk.laneScratch != null) {
                direct.add(", $N", laneScratch(caller));
            }
            out.addStatement("$N($L)", chunkName, direct.build());
            return;
        }
        // One call per tile: with the loop over tiles inside the method, C2 keeps some accumulators on the
        // stack in the reduction loop (measured on Zen 3 with AVX2 and G1: a 1×1 convolution in 6 × 2 tiles
        // took 10.5 ms with the loop inside, 4.6 ms with one call per tile).
        boolean once = extent instanceof Expr.IntImm one && one.value() == 1;
        String v = once ? null : names.fresh(f.var().name());
        CodeBlock.Builder direct = once ? CodeBlock.builder().add("0") : CodeBlock.builder().add("$N", v);
        for (String c : captured.keySet()) {
            direct.add(", $N", c);
        }
        if (chunk.laneScratch != null) {
            direct.add(", $N", laneScratch(caller));
        }
        if (once) {
            out.addStatement("$N($L)", chunkName, direct.build());
            return;
        }
        mutable.add(v);
        out.beginControlFlow("for (int $N = 0; $N < $L; $N++)", v, v, bound, v);
        out.addStatement("$N($L)", chunkName, direct.build());
        out.endControlFlow();
    }

    private void store(Stmt.Store st, Env env, CodeBlock.Builder out) {
        Expr index = Fold.fold(st.index(), env.facts);
        JExpr value = scalar.emit(Fold.fold(st.value(), env.facts), env);
        switch (env.lookup(st.buffer())) {
            case Env.BufferRef.Array a -> out.addStatement("$L = $L", ScalarExprs.element(a, scalar.emit(index, env)),
                    storedValue(value));
            case Env.BufferRef.Scalars s -> out.addStatement("$N = $L",
                    s.names().get(ScalarExprs.slot(st.buffer(), index, env)), value.code());
            case Env.BufferRef.Vectors v -> {
                TilePosition.Lane lane = scalar.lane(st.buffer(), index, env);
                String name = v.names().get(lane.vector());
                JExpr w = scalar.emit(lane.lane(), env);
                out.addStatement("$N = $N.withLane($L, $L)", name, name, w.code(), value.code());
            }
        }
    }

    /** A value as an array element: bools are stored as bytes 0/1. */
    static CodeBlock storedValue(JExpr value) {
        return value.type() == ScalarType.BOOL
                ? CodeBlock.of("$L ? (byte) 1 : (byte) 0", value.operand(JExpr.CONDITIONAL + 1)) : value.code();
    }

    /** Declares a tile where its allocation is (variables) or in the method's prologue (arrays). */
    private Env.BufferRef allocate(Buffer b, Method m, CodeBlock.Builder out) {
        return switch (tiles.mode(b)) {
            case SCALARS -> {
                Map<Long, String> vars = new LinkedHashMap<>();
                JExpr zero = b.type().isFloat() ? ScalarExprs.floatLiteral(b.type(), 0)
                        : ScalarExprs.convert(ScalarExprs.intLiteral(ScalarType.I32, 0), b.type());
                if (b.type() == ScalarType.BOOL) {
                    zero = ScalarExprs.intLiteral(ScalarType.BOOL, 0);
                }
                for (long p : tiles.positions(b)) {
                    String name = names.fresh(b.name() + "_" + p);
                    mutable.add(name);
                    vars.put(p, name);
                    out.addStatement("$T $N = $L", ClassFields.scalar(b.type()), name, zero.code());
                }
                yield new Env.BufferRef.Scalars(vars, false);
            }
            case VECTORS -> new Env.BufferRef.Vectors(vectorTile(b, out));
            case ARRAY -> {
                if (b.size() > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("local buffer " + b.name() + " of " + b.size()
                            + " elements is larger than a Java array");
                }
                String name = names.fresh(b.name());
                TypeName element = b.type() == ScalarType.BOOL ? TypeName.BYTE : ClassFields.scalar(b.type());
                m.prologue.addStatement("final $T $N = new $T[$L]", ClassFields.array(b.type()), name, element, b.size());
                yield new Env.BufferRef.Array(name, null);
            }
        };
    }

    /** One zeroed vector variable per vector number of a tile of f32 or i32. */
    Map<Long, String> vectorTile(Buffer b, CodeBlock.Builder out) {
        Map<Long, String> vars = new LinkedHashMap<>();
        for (long c : tiles.positions(b)) {
            String name = names.fresh(b.name() + "_" + c);
            mutable.add(name);
            vars.put(c, name);
            out.addStatement("$T $N = $L", ClassFields.vector(b.type()), name, zeroVector(b.type()));
        }
        return vars;
    }

    CodeBlock zeroVector(ScalarType t) {
        return t == ScalarType.F32 ? CodeBlock.of("$T.zero($L)", ClassFields.FLOAT_VECTOR, cls.floatSpecies())
                : CodeBlock.of("$T.zero($L)", ClassFields.INT_VECTOR, cls.intSpecies());
    }

    void markMutable(String name) {
        mutable.add(name);
    }
}
