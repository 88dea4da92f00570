package kiln.passes.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kiln.ir.loop.Expr;
import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopIrException;
import kiln.ir.loop.LoopParser;
import kiln.ir.loop.LoopVerifier;

/**
 * A schedule: primitive applications in order. Its text form is one step per line, as the steps write
 * themselves, so schedules can be enumerated, stored (in a tuning database) and read back:
 *
 * <pre>
 * split(i, 4)
 * split(j, lanes(f32))
 * reorder(io, jo, ii, ji)
 * tile_accumulator(jo)
 * unroll(ii)
 * vectorize(ji)
 * parallel(io)
 * </pre>
 *
 * Names are bare identifiers or quoted strings as in the Loop IR text; a split factor is a Loop IR
 * expression; {@code pack(w, [17, 20], [1, 0])} and {@code pack(w, [17, 20], [0, 1], 0, 4)} give dims, their
 * order and an optional blocked axis and block size. Fusion steps name their producer kernel, resolved when
 * the text is read.
 */
public record Schedule(List<Step> steps) {

    public Schedule {
        steps = List.copyOf(steps);
    }

    public static Schedule of(Step... steps) {
        return new Schedule(List.of(steps));
    }

    /** The kernel after every step; each intermediate kernel is verified. */
    public Kernel apply(Kernel k) {
        Kernel out = k;
        for (Step s : steps) {
            out = s.apply(out);
            try {
                LoopVerifier.verify(out);
            } catch (LoopIrException e) {
                throw new ScheduleException(s.text() + " produced an ill-formed kernel: " + e.getMessage());
            }
        }
        return out;
    }

    public Schedule then(Step s) {
        List<Step> all = new ArrayList<>(steps);
        all.add(s);
        return new Schedule(all);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            sb.append(s.text()).append('\n');
        }
        return sb.toString();
    }

    /** Reads a schedule without fusion steps. */
    public static Schedule parse(String text) {
        return parse(text, Map.of());
    }

    /** Reads a schedule whose fusion steps name kernels in {@code producers}. */
    public static Schedule parse(String text, Map<String, Kernel> producers) {
        List<Step> steps = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                steps.add(step(line, producers));
            } catch (RuntimeException e) {
                throw new ScheduleException("schedule line " + lineNo + ": " + line + ": " + e.getMessage());
            }
        }
        return new Schedule(steps);
    }

    private static Step step(String line, Map<String, Kernel> producers) {
        int open = line.indexOf('(');
        if (open < 0 || !line.endsWith(")")) {
            throw new ScheduleException("expected name(arguments)");
        }
        String name = line.substring(0, open).strip();
        List<String> args = arguments(line.substring(open + 1, line.length() - 1));
        return switch (name) {
            case "split" -> {
                arity(args, 2, 4);
                Expr factor = LoopParser.parseExpr(args.get(1), List.of(), List.of());
                yield args.size() == 2 ? new Split(name(args.get(0)), factor)
                        : new Split(name(args.get(0)), factor, name(args.get(2)), name(args.get(3)));
            }
            case "reorder" -> new Reorder(args.stream().map(Schedule::name).toList());
            case "reorder_reduction" -> new ReorderReduction(args.stream().map(Schedule::name).toList());
            case "index_split" -> {
                arity(args, 2, 2);
                yield new IndexSplit(name(args.get(0)), list(args.get(1)).stream().map(Long::parseLong).toList());
            }
            case "fuse" -> {
                arity(args, 2, 3);
                yield new Fuse(name(args.get(0)), name(args.get(1)), args.size() == 3 ? name(args.get(2)) : null);
            }
            case "vectorize" -> new Vectorize(name(one(args)));
            case "unroll" -> new Unroll(name(one(args)));
            case "parallel" -> new Parallel(name(one(args)));
            case "tile_accumulator" -> new TileAccumulator(name(one(args)));
            case "inline" -> new Inline(producer(name(one(args)), producers));
            case "pack" -> {
                arity(args, 3, 5);
                if (args.size() == 4) {
                    throw new ScheduleException("pack takes a block axis and a block size together");
                }
                List<Long> dims = list(args.get(1)).stream().map(Long::parseLong).toList();
                List<Integer> order = list(args.get(2)).stream().map(Integer::parseInt).toList();
                yield args.size() == 3 ? Pack.permute(name(args.get(0)), dims, order)
                        : new Pack(name(args.get(0)), dims, order, Integer.parseInt(args.get(3)), Integer.parseInt(args.get(4)));
            }
            case "widen_tile" -> new WidenTile(name(one(args)));
            case "zero_pad" -> {
                arity(args, 2, 2);
                yield new ZeroPad(name(args.get(0)), name(args.get(1)));
            }
            case "zero_fill" -> new ZeroFill(name(one(args)));
            case "stage" -> {
                arity(args, 2, 2);
                yield new Stage(name(args.get(0)), name(args.get(1)));
            }
            case "compute_at" -> {
                arity(args, 2, 2);
                yield new ComputeAt(producer(name(args.get(0)), producers), name(args.get(1)));
            }
            default -> throw new ScheduleException("unknown primitive " + name);
        };
    }

    private static Kernel producer(String name, Map<String, Kernel> producers) {
        Kernel k = producers.get(name);
        if (k == null) {
            throw new ScheduleException("no producer kernel named " + name);
        }
        return k;
    }

    private static String one(List<String> args) {
        arity(args, 1, 1);
        return args.getFirst();
    }

    private static void arity(List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new ScheduleException("expected " + (min == max ? "" + min : min + " to " + max) + " arguments, found "
                    + args.size());
        }
    }

    /** The items of {@code [a, b, c]}. */
    private static List<String> list(String s) {
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw new ScheduleException("expected a list [a, b, ...], found " + s);
        }
        String inner = s.substring(1, s.length() - 1).strip();
        return inner.isEmpty() ? List.of() : List.of(inner.split("\\s*,\\s*"));
    }

    /** Splits at commas outside parentheses, brackets and quotes. */
    private static List<String> arguments(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!s.isBlank()) {
            out.add(s.substring(start).strip());
        }
        return out;
    }

    /** A bare or quoted name, read as the Loop IR text reads one. */
    private static String name(String s) {
        if (!s.startsWith("\"")) {
            return s;
        }
        // A quoted name parses as a variable reference in an expression; read it through the parser.
        return ((Expr.Var) LoopParser.parseExpr(s, List.of(), List.of(new Expr.Var(unquote(s), kiln.ir.loop.ScalarType.I32))))
                .name();
    }

    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
