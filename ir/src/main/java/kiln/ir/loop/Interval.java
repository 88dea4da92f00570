package kiln.ir.loop;

/**
 * A closed range {@code [lo, hi]} of integers, possibly empty ({@code lo > hi}) or unbounded on a side
 * ({@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} stand for minus and plus infinity). Arithmetic
 * saturates at the infinities, so a result always contains every value the operation can produce.
 */
public record Interval(long lo, long hi) {
    public static final long NEG_INF = Long.MIN_VALUE;
    public static final long POS_INF = Long.MAX_VALUE;
    public static final Interval ALL = new Interval(NEG_INF, POS_INF);
    public static final Interval EMPTY = new Interval(0, -1);
    public static final Interval BOOL = new Interval(0, 1);

    public static Interval point(long v) {
        return new Interval(v, v);
    }

    public static Interval of(long lo, long hi) {
        return lo > hi ? EMPTY : new Interval(lo, hi);
    }

    /** Every value of an integer type (booleans are 0 and 1). */
    public static Interval of(ScalarType t) {
        return switch (t) {
            case BOOL -> BOOL;
            case I8 -> new Interval(Byte.MIN_VALUE, Byte.MAX_VALUE);
            case I32 -> new Interval(Integer.MIN_VALUE, Integer.MAX_VALUE);
            case I64, F32, F64 -> ALL;
        };
    }

    public boolean isEmpty() {
        return lo > hi;
    }

    public boolean isPoint() {
        return lo == hi;
    }

    public boolean isBounded() {
        return lo != NEG_INF && hi != POS_INF;
    }

    public boolean contains(long v) {
        return lo <= v && v <= hi;
    }

    /** True when every value of {@code other} lies in this range. */
    public boolean contains(Interval other) {
        return other.isEmpty() || (lo <= other.lo && other.hi <= hi);
    }

    public Interval union(Interval o) {
        if (isEmpty()) {
            return o;
        }
        if (o.isEmpty()) {
            return this;
        }
        return new Interval(Math.min(lo, o.lo), Math.max(hi, o.hi));
    }

    public Interval intersect(Interval o) {
        return of(Math.max(lo, o.lo), Math.min(hi, o.hi));
    }

    public Interval add(Interval o) {
        if (isEmpty() || o.isEmpty()) {
            return EMPTY;
        }
        return new Interval(addLo(lo, o.lo), addHi(hi, o.hi));
    }

    public Interval negate() {
        if (isEmpty()) {
            return EMPTY;
        }
        return new Interval(neg(hi), neg(lo));
    }

    public Interval sub(Interval o) {
        return add(o.negate());
    }

    public Interval mul(Interval o) {
        if (isEmpty() || o.isEmpty()) {
            return EMPTY;
        }
        long a = mul(lo, o.lo);
        long b = mul(lo, o.hi);
        long c = mul(hi, o.lo);
        long d = mul(hi, o.hi);
        return new Interval(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d)));
    }

    /** Floor division by a divisor range that lies entirely on one side of zero; ALL otherwise. */
    public Interval floorDiv(Interval d) {
        if (isEmpty() || d.isEmpty()) {
            return EMPTY;
        }
        if (d.lo <= 0 && d.hi >= 0) {
            return ALL;
        }
        long a = div(lo, d.lo);
        long b = div(lo, d.hi);
        long c = div(hi, d.lo);
        long e = div(hi, d.hi);
        return new Interval(Math.min(Math.min(a, b), Math.min(c, e)), Math.max(Math.max(a, b), Math.max(c, e)));
    }

    /** The floor remainder by a positive divisor range: within {@code [0, d.hi - 1]}, or this range itself. */
    public Interval floorMod(Interval d) {
        if (isEmpty() || d.isEmpty()) {
            return EMPTY;
        }
        if (d.lo <= 0) {
            return ALL;
        }
        if (lo >= 0 && hi < d.lo) {
            return this;
        }
        if (d.isPoint() && isBounded() && Math.floorDiv(lo, d.lo) == Math.floorDiv(hi, d.lo)) {
            return new Interval(Math.floorMod(lo, d.lo), Math.floorMod(hi, d.lo));
        }
        return new Interval(0, d.hi == POS_INF ? POS_INF : d.hi - 1);
    }

    public Interval min(Interval o) {
        if (isEmpty() || o.isEmpty()) {
            return EMPTY;
        }
        return new Interval(Math.min(lo, o.lo), Math.min(hi, o.hi));
    }

    public Interval max(Interval o) {
        if (isEmpty() || o.isEmpty()) {
            return EMPTY;
        }
        return new Interval(Math.max(lo, o.lo), Math.max(hi, o.hi));
    }

    private static long neg(long v) {
        return v == NEG_INF ? POS_INF : v == POS_INF ? NEG_INF : -v;
    }

    private static long addLo(long a, long b) {
        if (a == NEG_INF || b == NEG_INF) {
            return NEG_INF;
        }
        return sat(a, b);
    }

    private static long addHi(long a, long b) {
        if (a == POS_INF || b == POS_INF) {
            return POS_INF;
        }
        return sat(a, b);
    }

    private static long sat(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? NEG_INF : POS_INF;
        }
        return r;
    }

    private static long mul(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        boolean negative = (a < 0) != (b < 0);
        if (a == NEG_INF || a == POS_INF || b == NEG_INF || b == POS_INF) {
            return negative ? NEG_INF : POS_INF;
        }
        long hi = Math.multiplyHigh(a, b);
        long r = a * b;
        if ((hi == 0 && r >= 0) || (hi == -1 && r < 0)) {
            return r;
        }
        return negative ? NEG_INF : POS_INF;
    }

    private static long div(long a, long d) {
        if (a == NEG_INF || a == POS_INF) {
            return (a < 0) == (d < 0) ? POS_INF : NEG_INF;
        }
        if (d == NEG_INF || d == POS_INF) {
            // a / ±inf tends to 0, from below when the signs differ.
            return (a == 0 || (a < 0) == (d < 0)) ? 0 : -1;
        }
        return Math.floorDiv(a, d);
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "[]";
        }
        return "[" + (lo == NEG_INF ? "-inf" : lo) + ", " + (hi == POS_INF ? "inf" : hi) + "]";
    }
}
