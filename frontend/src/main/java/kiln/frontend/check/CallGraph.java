package kiln.frontend.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.syntax.Decl;
import kiln.frontend.syntax.Expr;

/**
 * Which blocks instantiate which, to refuse recursion: a block that instantiates itself, directly or
 * through others, would never finish lowering (every instance is laid out in the graph).
 */
final class CallGraph {
    private record Edge(Decl.Block to, Expr.Call call) {
    }

    private final Map<Decl.Block, List<Edge>> edges = new IdentityHashMap<>();
    private final Map<Decl.Block, Integer> order = new LinkedHashMap<>();

    void add(Decl.Block from, Decl.Block to, Expr.Call call) {
        order.putIfAbsent(from, order.size());
        order.putIfAbsent(to, order.size());
        edges.computeIfAbsent(from, k -> new ArrayList<>()).add(new Edge(to, call));
    }

    /** Reports each call that closes a cycle, and marks it broken. */
    void reportCycles(Diagnostics diagnostics, Set<Object> broken) {
        Set<Decl.Block> done = new HashSet<>();
        for (Decl.Block start : order.keySet()) {
            if (!done.contains(start)) {
                visit(start, done, diagnostics, broken);
            }
        }
    }

    /** Iterative depth-first search (a chain of thousands of blocks must not overflow the stack). */
    private void visit(Decl.Block start, Set<Decl.Block> done, Diagnostics diagnostics, Set<Object> broken) {
        List<Decl.Block> path = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        Map<Decl.Block, Integer> onPath = new HashMap<>();
        path.add(start);
        next.add(0);
        onPath.put(start, 0);
        while (!path.isEmpty()) {
            int top = path.size() - 1;
            Decl.Block b = path.get(top);
            List<Edge> out = edges.getOrDefault(b, List.of());
            int i = next.get(top);
            if (i == out.size()) {
                path.removeLast();
                next.removeLast();
                onPath.remove(b);
                done.add(b);
                continue;
            }
            next.set(top, i + 1);
            Edge e = out.get(i);
            Integer at = onPath.get(e.to());
            if (at != null) {
                List<String> names = new ArrayList<>();
                for (Decl.Block p : path.subList(at, path.size())) {
                    names.add(p.name());
                }
                names.add(e.to().name());
                diagnostics.report(Code.RECURSIVE_BLOCK, e.call().calleeSpan(), "block '" + e.to().name()
                        + "' instantiates itself: " + String.join(" -> ", names));
                broken.add(e.call());
            } else if (!done.contains(e.to())) {
                onPath.put(e.to(), path.size());
                path.add(e.to());
                next.add(0);
            }
        }
    }
}
