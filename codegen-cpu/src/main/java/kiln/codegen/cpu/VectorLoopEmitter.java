package kiln.codegen.cpu;

import com.palantir.javapoet.CodeBlock;
import java.util.LinkedHashMap;
import java.util.Map;
import kiln.ir.loop.Buffer;
import kiln.ir.loop.Expr;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.ScalarType;
import kiln.ir.loop.Stmt;

/**
 * Vectorized loops. A loop over exactly {@code Lanes(f32)} — or over a constant that is the class's lane count,
 * as schedules made for one width write it — is one vector, with no loop and no mask: the form schedules
 * produce by splitting a loop by the lane count, and the one register tiles use. Any other extent
 * runs full vectors, then one masked partial vector:
 *
 * <pre>
 * int v = 0;
 * for (; v &lt; F.loopBound(n); v += F.length()) { body }
 * if (v &lt; n) { final VectorMask&lt;Float&gt; m = F.indexInRange(v, n); body under m }
 * </pre>
 *
 * Guards that depend on the lane become masks: the branch runs if any lane takes it, its stores and loads
 * masked. A constant mask (a class field, never empty) needs no test, and a store under one that takes the lower
 * half of the lanes is a store of a vector of half the width. Loops inside the body run for all lanes together (their extents must not depend on the lane). A
 * body with no vector form (see {@link NotVectorizable}) makes the whole loop a scalar loop, with a comment
 * that says why.
 */
final class VectorLoopEmitter {
    private final KernelEmitter k;
    /** The method the loop being emitted is in. */
    private KernelEmitter.Method method;

    VectorLoopEmitter(KernelEmitter k) {
        this.k = k;
    }

    void loop(Stmt.For f, Expr extent, Env env, KernelEmitter.Method m, CodeBlock.Builder out) {
        method = m;
        CodeBlock.Builder attempt = CodeBlock.builder();
        try {
            vectorized(f, extent, env, attempt);
            out.add(attempt.build());
        } catch (NotVectorizable e) {
            out.add("// not vectorized: $L\n", e.getMessage());
            k.serial(f, extent, env, m, out);
        }
    }

    private void vectorized(Stmt.For f, Expr extent, Env env, CodeBlock.Builder out) {
        if (extent instanceof Expr.Lanes l && l.elem().bits() == 32
                || extent instanceof Expr.IntImm n && n.value() == k.cls.lanes32()) {
            JExpr zero = ScalarExprs.intLiteral(ScalarType.I32, 0);
            Env inner = env.loop(f.var(), new Env.Binding.VectorIndex(zero), extent, LoopKind.VECTORIZED);
            stmt(f.body(), inner, new VectorExprs.Ctx(out, null, false));
            return;
        }
        CodeBlock species = k.cls.floatSpecies();
        CodeBlock n = k.bound(extent, env, f.var().name(), out);
        String v = k.names.fresh(f.var().name());
        k.markMutable(v);
        JExpr base = JExpr.name(v, ScalarType.I32);
        Env inner = env.loop(f.var(), new Env.Binding.VectorIndex(base), extent, LoopKind.VECTORIZED);
        out.addStatement("int $N = 0", v);
        out.beginControlFlow("for (; $N < $L.loopBound($L); $N += $L.length())", v, species, n, v, species);
        stmt(f.body(), inner, new VectorExprs.Ctx(out, null, false));
        out.endControlFlow();
        out.beginControlFlow("if ($N < $L)", v, n);
        String mask = k.names.fresh("tail");
        out.addStatement("final $T $N = $L.indexInRange($N, $L)", ClassFields.FLOAT_MASK, mask, species, v, n);
        stmt(f.body(), inner, new VectorExprs.Ctx(out, CodeBlock.of("$N", mask), false));
        out.endControlFlow();
    }

    private void stmt(Stmt s, Env env, VectorExprs.Ctx ctx) {
        CodeBlock.Builder out = ctx.out();
        switch (s) {
            case Stmt.For f -> innerLoop(f, env, ctx);
            case Stmt.Store st -> store(st, env, ctx);
            case Stmt.Seq seq -> seq.stmts().forEach(x -> stmt(x, env, ctx));
            case Stmt.If i -> guard(i, env, ctx);
            case Stmt.Let l -> {
                Expr folded = Fold.fold(l.value(), env.facts);
                if (folded instanceof Expr.IntImm c) {
                    stmt(l.body(), env.constant(l.var(), c.value()), ctx);
                    return;
                }
                String name = k.names.fresh(l.var().name());
                Env.Binding b = switch (k.vector.emit(folded, env, ctx)) {
                    case VValue.Uniform u -> {
                        out.addStatement("final $T $N = $L", ClassFields.scalar(u.type()), name, u.value().code());
                        yield new Env.Binding.Local(name, u.type());
                    }
                    case VValue.Affine a -> {
                        out.addStatement("final int $N = $L", name, a.base().code());
                        yield new Env.Binding.AffineLocal(name, a.stride(), a.base().constant());
                    }
                    case VValue.Vec v -> {
                        out.addStatement("final $T $N = $L", ClassFields.vector(v.type()), name, v.code());
                        yield new Env.Binding.VectorLocal(name, v.type());
                    }
                };
                stmt(l.body(), env.let(l.var(), b, folded), ctx);
            }
            case Stmt.Allocate a -> stmt(a.body(), env.buffer(a.buffer(), allocate(a.buffer(), ctx)), ctx);
        }
    }

    /** A loop inside the vector body: every lane runs the same iterations. */
    private void innerLoop(Stmt.For f, Env env, VectorExprs.Ctx ctx) {
        Expr extent = Fold.fold(f.extent(), env.facts);
        int copies = TilePlan.unrollCount(f.kind(), extent);
        if (copies >= 0) {
            for (int i = 0; i < copies; i++) {
                stmt(f.body(), env.constant(f.var(), i), ctx);
            }
            return;
        }
        if (!(k.vector.emit(extent, env, ctx) instanceof VValue.Uniform u)) {
            throw new NotVectorizable("the extent of loop " + f.var().name() + " depends on the vector variable");
        }
        if (extent instanceof Expr.IntImm one && one.value() <= 1) {
            if (one.value() == 1) {
                stmt(f.body(), env.constant(f.var(), 0), ctx);
            }
            return;
        }
        CodeBlock.Builder out = ctx.out();
        CodeBlock bound = u.value().atomic() ? u.value().code() : null;
        if (bound == null) {
            String n = k.names.fresh(f.var().name() + "_n");
            out.addStatement("final int $N = $L", n, u.value().code());
            bound = CodeBlock.of("$N", n);
        }
        String v = k.names.fresh(f.var().name());
        k.markMutable(v);
        out.beginControlFlow("for (int $N = 0; $N < $L; $N++)", v, v, bound, v);
        stmt(f.body(), env.loop(f.var(), new Env.Binding.Local(v, ScalarType.I32), extent, f.kind()), ctx);
        out.endControlFlow();
    }

    /** An {@code if}: a plain one when the condition is the same for all lanes, else a mask per branch. */
    private void guard(Stmt.If i, Env env, VectorExprs.Ctx ctx) {
        CodeBlock.Builder out = ctx.out();
        Expr folded = Fold.fold(i.cond(), env.facts);
        if (folded instanceof Expr.IntImm c) {
            stmt(c.value() != 0 ? i.then() : i.otherwise(), env, ctx);
            return;
        }
        VValue cond = k.vector.emit(folded, env, ctx);
        if (cond instanceof VValue.Uniform u) {
            out.beginControlFlow("if ($L)", u.value().code());
            stmt(i.then(), env, ctx);
            if (!KernelEmitter.isEmpty(i.otherwise())) {
                out.nextControlFlow("else");
                stmt(i.otherwise(), env, ctx);
            }
            out.endControlFlow();
            return;
        }
        CodeBlock m = k.vector.mask(cond).code();
        // A constant mask is named as it is, so that the stores under it can tell how many lanes it takes.
        String c = k.cls.isLaneMask(m) ? m.toString() : k.vector.temp(ctx, ClassFields.FLOAT_MASK, m, "c");
        branch(i.then(), env, ctx, c, false);
        branch(i.otherwise(), env, ctx, c, true);
    }

    private void branch(Stmt body, Env env, VectorExprs.Ctx ctx, String cond, boolean negate) {
        if (KernelEmitter.isEmpty(body)) {
            return;
        }
        String m = cond;
        if (ctx.mask() != null || negate) {
            m = k.vector.temp(ctx, ClassFields.FLOAT_MASK, ctx.narrow(CodeBlock.of("$N", cond), negate).mask(), "m");
        }
        if (k.cls.isLaneMask(CodeBlock.of("$N", m))) {
            // A constant mask of some lanes: never empty, never full.
            stmt(body, env, new VectorExprs.Ctx(ctx.out(), CodeBlock.of("$N", m), false));
            return;
        }
        int before = k.vector.maskedStrideTwoLoads();
        CodeBlock.Builder masked = CodeBlock.builder();
        stmt(body, env, new VectorExprs.Ctx(masked, CodeBlock.of("$N", m), false));
        if (k.vector.maskedStrideTwoLoads() > before) {
            // Masked stride-2 loads cost a mask spread and masked loads: where every lane is on (all but the
            // edges of a padded window), the body runs unmasked.
            ctx.out().beginControlFlow("if ($N.allTrue())", m);
            stmt(body, env, new VectorExprs.Ctx(ctx.out(), null, false));
            ctx.out().nextControlFlow("else if ($N.anyTrue())", m);
        } else {
            ctx.out().beginControlFlow("if ($N.anyTrue())", m);
        }
        ctx.out().add(masked.build());
        ctx.out().endControlFlow();
    }

    private void store(Stmt.Store st, Env env, VectorExprs.Ctx ctx) {
        CodeBlock.Builder out = ctx.out();
        Buffer b = st.buffer();
        ScalarType t = b.type();
        Expr index = Fold.fold(st.index(), env.facts);
        VValue value = k.vector.emit(Fold.fold(st.value(), env.facts), env, ctx);
        switch (env.lookup(b)) {
            case Env.BufferRef.Array a -> {
                switch (k.vector.emit(index, env, ctx)) {
                    case VValue.Uniform u -> {
                        if (!(value instanceof VValue.Uniform uv)) {
                            throw new NotVectorizable("lanes store different values to one element of " + b.name());
                        }
                        out.addStatement("$L = $L", ScalarExprs.element(a, u.value()), KernelEmitter.storedValue(uv.value()));
                    }
                    case VValue.Affine x when x.stride() != 1 && ctx.mask() == null && t == ScalarType.F32 ->
                            laneStores(a, x, k.vector.asVec(value, t), ctx);
                    case VValue.Affine x when x.stride() == 1 && t == ScalarType.F32 && k.cls.lanes32() >= 4
                            && 2 * k.cls.lanesBelow(ctx.mask()) == k.cls.lanes32() ->
                        // The lower half of the vector as a vector of half the width: a masked store is several
                        // times slower on some machines (a 28-wide row ends in one, once per row).
                        out.addStatement("(($T) $L.reinterpretShape($T.SPECIES_$L, 0)).intoArray($N, $L)",
                                ClassFields.FLOAT_VECTOR, k.vector.asVec(value, t).receiver(), ClassFields.FLOAT_VECTOR,
                                k.cls.lanes32() * 16, a.array(), ScalarExprs.plusOffset(a.offset(), x.base()));
                    case VValue.Affine x -> out.addStatement(k.vector.vectorAccess(t, a, x, ctx.mask(),
                            k.vector.asVec(value, t)));
                    case VValue.Vec v -> throw new NotVectorizable("store to " + b.name()
                            + " at an index that is not affine in the vector variable");
                }
            }
            case Env.BufferRef.Scalars s -> {
                String name = s.names().get(ScalarExprs.slot(b, index, env));
                if (s.perLane()) {
                    assign(name, k.vector.asVec(value, t), t, ctx);
                } else if (value instanceof VValue.Uniform uv) {
                    out.addStatement("$N = $L", name, uv.value().code());
                } else {
                    throw new NotVectorizable("lanes store different values to one element of " + b.name());
                }
            }
            case Env.BufferRef.Vectors v -> {
                TilePosition.Lane lane = k.scalar.lane(b, index, env);
                String name = v.names().get(lane.vector());
                switch (env.lookup(lane.lane())) {
                    case Env.Binding.VectorIndex x -> assign(name, k.vector.asVec(value, t), t, ctx);
                    case Env.Binding.Local w when value instanceof VValue.Uniform uv ->
                            out.addStatement("$N = $N.withLane($N, $L)", name, name, w.name(), uv.value().code());
                    default -> throw new NotVectorizable("lanes store to lane " + lane.lane().name() + " of "
                            + b.name());
                }
            }
        }
    }

    /**
     * A strided store of a whole vector through a scratch array of the method, one scalar store per lane: AVX2
     * has no scatter instruction, and the Vector API's strided {@code intoArray} then falls back to a slow generic
     * path. (A register tile of output channels written to a channel-major layout ends this way, once per tile.)
     */
    private void laneStores(Env.BufferRef.Array a, VValue.Affine x, VValue.Vec value, VectorExprs.Ctx ctx) {
        String scratch = k.laneScratch(method);
        String base = k.vector.temp(ctx, com.palantir.javapoet.TypeName.INT,
                ScalarExprs.plusOffset(a.offset(), x.base()), "at");
        ctx.out().addStatement("$L.intoArray($N, 0)", value.receiver(), scratch);
        String l = k.names.fresh("l");
        ctx.out().beginControlFlow("for (int $N = 0; $N < $L; $N++)", l, l, k.cls.lanes32(), l);
        ctx.out().addStatement("$N[$N + $N * $L] = $N[$N]", a.array(), base, l, x.stride(), scratch, l);
        ctx.out().endControlFlow();
    }

    /** A vector variable takes the new value in the lanes that are on. */
    private void assign(String name, VValue.Vec value, ScalarType t, VectorExprs.Ctx ctx) {
        if (ctx.mask() == null) {
            ctx.out().addStatement("$N = $L", name, value.code());
        } else {
            CodeBlock mask = t == ScalarType.I32 ? CodeBlock.of("$L.cast($L)", ctx.mask(), k.cls.intSpecies()) : ctx.mask();
            ctx.out().addStatement("$N = $N.blend($L, $L)", name, name, value.code(), mask);
        }
    }

    /** A tile inside the vector body: its positions become one vector each, every lane its own element. */
    private Env.BufferRef allocate(Buffer b, VectorExprs.Ctx ctx) {
        if (k.tiles.mode(b) != TilePlan.Mode.SCALARS) {
            throw new NotVectorizable("local buffer " + b.name() + " is allocated in the vector loop and is not"
                    + " a set of scalars");
        }
        if (b.type() != ScalarType.F32 && b.type() != ScalarType.I32) {
            throw new NotVectorizable("local " + b.type() + " buffer " + b.name() + " in the vector loop");
        }
        Map<Long, String> vars = new LinkedHashMap<>();
        for (long p : k.tiles.positions(b)) {
            String name = k.names.fresh(b.name() + "_" + p);
            k.markMutable(name);
            vars.put(p, name);
            ctx.out().addStatement("$T $N = $L", ClassFields.vector(b.type()), name, k.zeroVector(b.type()));
        }
        return new Env.BufferRef.Scalars(vars, true);
    }
}
