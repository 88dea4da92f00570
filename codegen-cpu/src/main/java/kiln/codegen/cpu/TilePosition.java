package kiln.codegen.cpu;

import java.util.Map;
import java.util.TreeMap;
import kiln.ir.loop.BinOp;
import kiln.ir.loop.Expr;
import kiln.ir.loop.ScalarType;

/**
 * Where an access to a local tile lands, when that is known while generating code: a constant position
 * ({@link Slot}), or lane {@code w} of vector {@code c} — position {@code c·Lanes + w} where {@code w} is the
 * variable of a loop over {@code [0, Lanes)}, or position {@code c·n + w} where {@code w}'s loop runs over a
 * constant {@code n} that is the class's lane count ({@link Lane}; {@code size} is the elements a vector
 * number spans in the tile: the widest lane count for {@code Lanes}, n otherwise). Tiles whose every access
 * is of one of these forms live in Java local variables instead of arrays (scalar replacement).
 */
sealed interface TilePosition {
    record Slot(long position) implements TilePosition {
    }

    record Lane(long vector, Expr.Var lane, int size) implements TilePosition {
    }

    /**
     * The position of {@code index} (already folded) in a tile of 32-bit elements, or null when it has
     * neither form. Let-bound variables are looked through.
     */
    static TilePosition of(Expr index, Facts facts, boolean lanes32, int classLanes) {
        Linear l = Linear.of(index, facts, 0);
        if (l == null) {
            return null;
        }
        if (l.vars.isEmpty() && l.lanes == 0) {
            return new Slot(l.constant);
        }
        if (!lanes32 || l.vars.size() != 1 || l.lanes < 0 || l.constant < 0) {
            return null;
        }
        Map.Entry<String, Long> only = l.vars.firstEntry();
        Expr.Var w = l.varsByName.get(only.getKey());
        if (only.getValue() != 1) {
            return null;
        }
        Expr extent = facts.loopExtent(w);
        if (extent instanceof Expr.Lanes lanes && lanes.elem().bits() == 32 && l.constant == 0) {
            return new Lane(l.lanes, w, TilePlan.WIDEST_LANES_32);
        }
        if (extent instanceof Expr.IntImm n && n.value() == classLanes && l.lanes == 0 && l.constant % classLanes == 0) {
            return new Lane(l.constant / classLanes, w, classLanes);
        }
        return null;
    }

    /** {@code constant + lanes·Lanes(32-bit) + Σ coefficient·variable}, integers only. */
    final class Linear {
        private static final int MAX_DEPTH = 64;
        long constant;
        long lanes;
        final TreeMap<String, Long> vars = new TreeMap<>();
        final Map<String, Expr.Var> varsByName = new TreeMap<>();

        static Linear of(Expr e, Facts facts, int depth) {
            if (depth > MAX_DEPTH || e.type() != ScalarType.I32) {
                return null;
            }
            Linear r = new Linear();
            switch (e) {
                case Expr.IntImm i -> r.constant = i.value();
                case Expr.Lanes l -> {
                    if (l.elem().bits() != 32) {
                        return null;
                    }
                    r.lanes = 1;
                }
                case Expr.Var v -> {
                    Long c = facts.constant(v);
                    Expr let = facts.letValue(v);
                    if (c != null) {
                        r.constant = c;
                    } else if (let != null) {
                        return of(let, facts, depth + 1);
                    } else {
                        r.vars.put(v.name(), 1L);
                        r.varsByName.put(v.name(), v);
                    }
                }
                case Expr.Bin b when b.op() == BinOp.ADD || b.op() == BinOp.SUB -> {
                    Linear x = of(b.a(), facts, depth + 1);
                    Linear y = of(b.b(), facts, depth + 1);
                    if (x == null || y == null) {
                        return null;
                    }
                    return x.plus(y, b.op() == BinOp.ADD ? 1 : -1);
                }
                case Expr.Bin b when b.op() == BinOp.MUL -> {
                    Linear x = of(b.a(), facts, depth + 1);
                    Linear y = of(b.b(), facts, depth + 1);
                    if (x == null || y == null) {
                        return null;
                    }
                    if (x.isConstant()) {
                        return y.times(x.constant);
                    }
                    return y.isConstant() ? x.times(y.constant) : null;
                }
                default -> {
                    return null;
                }
            }
            return r;
        }

        boolean isConstant() {
            return lanes == 0 && vars.isEmpty();
        }

        Linear plus(Linear o, long sign) {
            Linear r = times(1);
            r.constant += sign * o.constant;
            r.lanes += sign * o.lanes;
            o.vars.forEach((k, c) -> r.vars.merge(k, sign * c, Long::sum));
            r.varsByName.putAll(o.varsByName);
            r.vars.values().removeIf(c -> c == 0);
            return r;
        }

        Linear times(long k) {
            Linear r = new Linear();
            r.constant = constant * k;
            r.lanes = lanes * k;
            vars.forEach((n, c) -> r.vars.put(n, c * k));
            r.varsByName.putAll(varsByName);
            r.vars.values().removeIf(c -> c == 0);
            return r;
        }
    }
}
