package kiln.frontend.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.diag.Span;
import kiln.ir.graph.Spelling;
import kiln.frontend.syntax.Decl;
import kiln.frontend.syntax.Stmt;

/**
 * The checks that need no values: every module's blocks and the root's model are walked once, so mistakes
 * in blocks that are never instantiated are found too. It checks declarations (duplicates, statements in
 * the wrong place, the one model), names (defined before use, in scope, not redefined, did-you-mean),
 * calls (known callee, arguments against its {@link Signature}) and block recursion. Types and shapes
 * need values and are checked when the model is lowered.
 */
public final class Resolver {
    /** Types a block argument may declare. */
    public static final List<String> ARG_TYPES = List.of("int", "float", "bool", "ints", "string", "tensor");
    /** Element types of tensors. */
    public static final List<String> DTYPES = List.of("f32", "f64", "i64", "i32", "i8", "bool", "c64");

    private final Program program;
    private final Map<String, Signature> builtins;
    private final Set<String> constants;
    private final Diagnostics diagnostics;
    private final CallGraph calls = new CallGraph();
    private final Set<Object> broken = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private Resolver(Program program, Map<String, Signature> builtins, Set<String> constants, Diagnostics diagnostics) {
        this.program = program;
        this.builtins = builtins;
        this.constants = constants;
        this.diagnostics = diagnostics;
    }

    /**
     * Checks the program; reports into {@code diagnostics}. Returns the statements and calls found wrong
     * (by identity), which lowering then skips, so that what it still finds (shape errors elsewhere) is
     * new and never an echo of these.
     *
     * @param builtins  the built-in operators by name
     * @param constants names predefined as values ({@code N}, {@code pi}, the dtypes)
     */
    public static Set<Object> check(Program program, Map<String, Signature> builtins, Set<String> constants,
            Diagnostics diagnostics) {
        Resolver r = new Resolver(program, builtins, constants, diagnostics);
        r.run();
        return r.broken;
    }

    private void run() {
        for (Module m : program.modules()) {
            Set<String> seen = new HashSet<>();
            for (Decl d : m.file().decls()) {
                if (d instanceof Decl.Block b) {
                    if (!seen.add(b.name())) {
                        Decl.Block first = m.blocks().get(b.name());
                        report(Code.DUPLICATE_BLOCK, b.nameSpan(), "block '" + b.name() + "' is already declared at "
                                + first.nameSpan().location());
                    } else if (builtins.containsKey(b.name())) {
                        report(Code.DUPLICATE_BLOCK, b.nameSpan(), "block '" + b.name()
                                + "' has the name of a built-in operator");
                    }
                    block(m, b);
                }
            }
        }
        List<Decl.Model> models = program.root().models();
        if (models.isEmpty()) {
            var file = program.root().file();
            report(Code.NO_MODEL, kiln.frontend.diag.Span.at(file.source(), 1, 1, 1), "this file declares no model;"
                    + " add `model NAME { input ... output ... }`");
        }
        for (int i = 0; i < models.size(); i++) {
            if (i > 0) {
                report(Code.SEVERAL_MODELS, models.get(i).nameSpan(), "a file declares one model; '"
                        + models.getFirst().name() + "' is declared at " + models.getFirst().nameSpan().location());
            } else {
                model(program.root(), models.get(i));
            }
        }
        calls.reportCycles(diagnostics, broken);
    }

    private void block(Module m, Decl.Block b) {
        Scope scope = new Scope(null);
        Body body = new Body(this, m, b, scope);
        for (Decl.BlockParam p : b.params()) {
            if (p.type() != null && !ARG_TYPES.contains(p.type())) {
                report(Code.UNKNOWN_TYPE, p.typeSpan(), "unknown argument type '" + p.type() + "'"
                        + Spelling.didYouMean(p.type(), ARG_TYPES) + " (types: " + String.join(", ", ARG_TYPES) + ")");
            }
            if (p.defaultValue() != null) {
                body.expr(p.defaultValue(), scope);
            }
            body.define(p.name(), p.nameSpan(), scope);
        }
        List<Stmt> stmts = b.body();
        for (int i = 0; i < stmts.size(); i++) {
            body.stmt(stmts.get(i), scope, i == stmts.size() - 1);
        }
    }

    private void model(Module m, Decl.Model model) {
        Body body = new Body(this, m, model, new Scope(null));
        boolean outputs = false;
        for (Stmt s : model.body()) {
            body.stmt(s, body.root(), false);
            outputs |= s instanceof Stmt.Output;
        }
        if (!outputs) {
            report(Code.NO_OUTPUTS, model.nameSpan(), "model '" + model.name() + "' has no outputs; add `output NAME = ...`");
        }
    }

    void report(Code code, Span span, String message) {
        diagnostics.report(code, span, message);
    }

    void unbreak(Object node) {
        broken.remove(node);
    }

    /** Marks a statement or call as wrong: lowering skips it and poisons what it defines. */
    void broken(Object node) {
        broken.add(node);
    }

    Program program() {
        return program;
    }

    Map<String, Signature> builtins() {
        return builtins;
    }

    Set<String> constants() {
        return constants;
    }

    CallGraph calls() {
        return calls;
    }

    /** Every name that could be meant where a callee was misspelt. */
    List<String> callables(Module m) {
        List<String> out = new ArrayList<>(Program.visibleBlocks(m));
        out.addAll(builtins.keySet());
        return out;
    }
}
