package kiln.frontend.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Span;
import kiln.ir.graph.Spelling;
import kiln.frontend.syntax.Decl;
import kiln.frontend.syntax.Expr;
import kiln.frontend.syntax.InstanceName;
import kiln.frontend.syntax.Stmt;
import kiln.frontend.syntax.TypeExpr;

/** Resolves the names of one block or model body: scopes, statements in place, calls against signatures. */
final class Body {
    private final Resolver resolver;
    private final Module module;
    private final Decl decl;
    private final Scope root;
    private final Map<String, Span> outputs = new HashMap<>();

    Body(Resolver resolver, Module module, Decl decl, Scope root) {
        this.resolver = resolver;
        this.module = module;
        this.decl = decl;
        this.root = root;
    }

    Scope root() {
        return root;
    }

    void stmt(Stmt s, Scope scope, boolean last) {
        switch (s) {
            case Stmt.Let l -> {
                expr(l.value(), scope);
                Set<String> seen = new HashSet<>();
                for (Stmt.Target t : l.targets()) {
                    if (!seen.add(t.name())) {
                        resolver.report(Code.REDEFINED_NAME, t.span(), "'" + t.name() + "' appears twice in this let");
                        resolver.broken(s);
                    } else if (!define(t.name(), t.span(), scope)) {
                        resolver.broken(s);
                    }
                }
            }
            case Stmt.Assign a -> {
                expr(a.value(), scope);
                for (Stmt.Target t : a.targets()) {
                    if (resolver.constants().contains(t.name())) {
                        resolver.report(Code.RESERVED_NAME, t.span(), "'" + t.name() + "' is predefined and cannot be"
                                + " assigned");
                        resolver.broken(s);
                    } else if (scope.find(t.name()) == null) {
                        resolver.broken(s);
                        resolver.report(Code.ASSIGN_UNDEFINED, t.span(), "'" + t.name() + "' is not defined; write `let "
                                + t.name() + " = ...` to define it" + Spelling.didYouMean(t.name(), scope.visible()));
                    }
                }
            }
            case Stmt.Param p -> {
                paramName(p.name(), scope);
                boolean ok = type(p.type(), scope);
                if (p.name().parts().stream().anyMatch(part -> !part.indices().isEmpty())) {
                    resolver.report(Code.INDEXED_PARAM_STATEMENT, p.name().span(), "a param statement defines a "
                            + "variable of its name, and an indexed name cannot be one; write `let NAME = param "
                            + "...` to declare it as a value");
                    ok = false;
                } else {
                    ok &= define(p.variable(), p.name().span(), scope);
                }
                if (!ok) {
                    resolver.broken(s);
                }
            }
            case Stmt.Input in -> {
                boolean ok = decl instanceof Decl.Model;
                if (!ok) {
                    resolver.report(Code.MISPLACED_STATEMENT, in.span(), "input belongs in a model; a block takes "
                            + "its tensors as arguments");
                }
                ok &= type(in.type(), scope);
                ok &= define(in.name(), in.nameSpan(), scope);
                if (!ok) {
                    resolver.broken(s);
                }
            }
            case Stmt.Output o -> output(o, scope);
            case Stmt.If i -> {
                expr(i.condition(), scope);
                body(i.then(), new Scope(scope));
                body(i.otherwise(), new Scope(scope));
            }
            case Stmt.For f -> {
                expr(f.from(), scope);
                if (f.to() != null) {
                    expr(f.to(), scope);
                }
                Scope inner = new Scope(scope);
                define(f.variable().name(), f.variable().span(), inner);
                body(f.body(), inner);
            }
            case Stmt.Repeat r -> {
                expr(r.count(), scope);
                body(r.body(), new Scope(scope));
            }
            case Stmt.Return r -> {
                if (decl instanceof Decl.Model) {
                    resolver.report(Code.MISPLACED_STATEMENT, r.span(), "a model has outputs, not return; write "
                            + "`output NAME = ...`");
                    resolver.broken(s);
                } else if (!last) {
                    resolver.report(Code.RETURN_NOT_LAST, r.span(), "return must be the last statement of block '"
                            + decl.name() + "', outside any if, for or repeat");
                    resolver.broken(s);
                }
                r.values().forEach(v -> expr(v, scope));
            }
        }
    }

    private void body(List<Stmt> stmts, Scope scope) {
        for (Stmt s : stmts) {
            stmt(s, scope, false);
        }
    }

    private void output(Stmt.Output o, Scope scope) {
        if (!(decl instanceof Decl.Model)) {
            resolver.report(Code.MISPLACED_STATEMENT, o.span(), "output belongs in a model; a block returns its "
                    + "results with return");
            resolver.broken(o);
        }
        Span first = outputs.putIfAbsent(o.name(), o.nameSpan());
        if (first != null) {
            resolver.report(Code.DUPLICATE_OUTPUT, o.nameSpan(), "output '" + o.name() + "' is already declared at "
                    + first.location());
            resolver.broken(o);
        }
        if (o.type() != null && !type(o.type(), scope)) {
            resolver.broken(o);
        }
        if (o.value() != null) {
            expr(o.value(), scope);
        } else {
            name(o.name(), o.nameSpan(), scope);
        }
    }

    /** Defines a name; false (and reported) when it is predefined or already defined. */
    boolean define(String name, Span at, Scope scope) {
        if (resolver.constants().contains(name)) {
            resolver.report(Code.RESERVED_NAME, at, "'" + name + "' is predefined"
                    + (name.equals("N") ? " as the symbolic batch size" : "") + "; choose another name");
            return false;
        }
        Span earlier = scope.find(name);
        if (earlier != null) {
            resolver.report(Code.REDEFINED_NAME, at, "'" + name + "' is already defined at " + earlier.location()
                    + "; to give it a new value write `" + name + " = ...`");
            return false;
        }
        scope.define(name, at);
        return true;
    }

    /** Checks a tensor type; false when its element type is unknown. */
    private boolean type(TypeExpr t, Scope scope) {
        t.dims().forEach(d -> expr(d, scope));
        if (t.dtype() != null && !Resolver.DTYPES.contains(t.dtype())) {
            resolver.report(Code.UNKNOWN_DTYPE, t.dtypeSpan(), "unknown element type '" + t.dtype() + "'"
                    + Spelling.didYouMean(t.dtype(), Resolver.DTYPES) + " (element types: "
                    + String.join(", ", Resolver.DTYPES) + ")");
            return false;
        }
        return true;
    }

    void expr(Expr e, Scope scope) {
        switch (e) {
            case Expr.IntLit i -> {
            }
            case Expr.FloatLit f -> {
            }
            case Expr.BoolLit b -> {
            }
            case Expr.NoneLit n -> {
            }
            case Expr.StringLit s -> {
            }
            case Expr.Name n -> name(n.name(), n.span(), scope);
            case Expr.ListLit l -> l.items().forEach(i -> expr(i, scope));
            case Expr.Unary u -> expr(u.operand(), scope);
            case Expr.Binary b -> {
                expr(b.left(), scope);
                expr(b.right(), scope);
            }
            case Expr.Call c -> call(c, scope);
            case Expr.Param p -> {
                paramName(p.name(), scope);
                if (!type(p.type(), scope)) {
                    resolver.broken(p);
                }
            }
            case Expr.Index i -> {
                expr(i.target(), scope);
                for (Expr.IndexItem item : i.items()) {
                    switch (item) {
                        case Expr.At at -> expr(at.index(), scope);
                        case Expr.Range r -> {
                            for (Expr part : new Expr[] {r.start(), r.stop(), r.step()}) {
                                if (part != null) {
                                    expr(part, scope);
                                }
                            }
                        }
                        case Expr.Ellipsis el -> {
                        }
                    }
                }
            }
        }
    }

    private void paramName(InstanceName name, Scope scope) {
        for (InstanceName.Part p : name.parts()) {
            p.indices().forEach(i -> expr(i, scope));
        }
    }

    private void name(String name, Span span, Scope scope) {
        if (resolver.constants().contains(name) || scope.find(name) != null) {
            return;
        }
        String message;
        if (resolver.builtins().containsKey(name) || module.blocks().containsKey(name)) {
            message = "'" + name + "' is an operator or block, not a value; call it: " + name + "(...)";
        } else {
            List<String> candidates = new java.util.ArrayList<>(scope.visible());
            candidates.addAll(resolver.constants());
            message = "undefined name '" + name + "'" + Spelling.didYouMean(name, candidates);
        }
        resolver.report(Code.UNDEFINED_NAME, span, message);
    }

    private void call(Expr.Call c, Scope scope) {
        Signature sig = resolver.builtins().get(c.callee());
        if (sig != null) {
            if (c.instance() != null) {
                resolver.report(Code.MISPLACED_INSTANCE_NAME, c.instance().span(), "'as' names a block instance; "
                        + c.callee() + " is a built-in operator and declares no parameters");
                resolver.broken(c);
            }
        } else {
            resolver.broken(c);
            switch (Program.lookup(module, c.callee())) {
                case Program.Lookup.Found f -> {
                    sig = Signature.of(f.block().block());
                    resolver.unbreak(c);
                    if (decl instanceof Decl.Block b) {
                        resolver.calls().add(b, f.block().block(), c);
                    }
                }
                case Program.Lookup.Ambiguous a -> resolver.report(Code.AMBIGUOUS_BLOCK, c.calleeSpan(), "'"
                        + c.callee() + "' is declared in both " + a.modules().get(0) + " and " + a.modules().get(1)
                        + "; import one of them with `as` and write ALIAS." + c.callee());
                case Program.Lookup.NotFound n -> {
                    String message = scope.find(c.callee()) != null
                            ? "'" + c.callee() + "' is a value, not an operator or block"
                            : "unknown operator or block '" + c.callee() + "'"
                                    + Spelling.didYouMean(c.callee(), resolver.callables(module));
                    resolver.report(Code.UNKNOWN_FUNCTION, c.calleeSpan(), message);
                }
            }
        }
        if (sig != null && !arguments(c, sig)) {
            resolver.broken(c);
        }
        c.args().forEach(a -> expr(a.value(), scope));
        if (c.instance() != null) {
            for (InstanceName.Part p : c.instance().parts()) {
                p.indices().forEach(i -> expr(i, scope));
            }
        }
    }

    /** Checks the arguments of a call; false when any is wrong. */
    private boolean arguments(Expr.Call c, Signature sig) {
        Set<String> given = new HashSet<>();
        boolean keywords = false;
        boolean misspelt = false;
        boolean wrong = false;
        int positional = 0;
        for (Expr.Arg a : c.args()) {
            if (a.keyword() == null) {
                if (keywords) {
                    resolver.report(Code.POSITIONAL_AFTER_KEYWORD, a.span(), "a positional argument cannot follow "
                            + "keyword arguments");
                    misspelt = true;
                } else if (positional >= sig.params().size()) {
                    resolver.report(Code.TOO_MANY_ARGUMENTS, a.span(), c.callee() + " takes " + sig.params().size()
                            + " argument" + (sig.params().size() == 1 ? "" : "s") + " (" + String.join(", ", sig.names())
                            + "), this is argument " + (positional + 1));
                    wrong = true;
                } else {
                    given.add(sig.params().get(positional).name());
                }
                positional++;
                continue;
            }
            keywords = true;
            if (sig.indexOf(a.keyword()) < 0) {
                misspelt = true;
                resolver.report(Code.UNKNOWN_KEYWORD, a.keywordSpan(), c.callee() + " has no argument '" + a.keyword()
                        + "'" + Spelling.didYouMean(a.keyword(), sig.names()) + " (arguments: "
                        + String.join(", ", sig.names()) + ")");
            } else if (!given.add(a.keyword())) {
                resolver.report(Code.DUPLICATE_ARGUMENT, a.keywordSpan(), "argument '" + a.keyword()
                        + "' of " + c.callee() + " is given twice");
                wrong = true;
            }
        }
        if (misspelt) {
            return false;
        }
        for (Signature.Param p : sig.params()) {
            if (p.required() && !given.contains(p.name())) {
                resolver.report(Code.MISSING_ARGUMENT, c.calleeSpan(), c.callee() + " needs argument '" + p.name()
                        + "' (arguments: " + String.join(", ", sig.names()) + ")");
                wrong = true;
            }
        }
        return !wrong;
    }
}
