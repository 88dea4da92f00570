package kiln.ir.loop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kiln.ir.loop.LoopLexer.Token;
import kiln.ir.loop.LoopLexer.TokenKind;
import kiln.ir.text.IrSyntaxException;
import kiln.ir.text.IrSyntaxException.Kind;

/**
 * Reads the text form that {@link LoopPrinter} writes back into a kernel; {@code parse(print(k))} equals
 * {@code k}. Names resolve by scope: variables to the enclosing loop or let, buffers to a parameter or an
 * enclosing {@code allocate}. Errors are {@link IrSyntaxException}s with a location, the source line and a
 * caret, as for the graph text form.
 *
 * <pre>
 * kernel    = "kernel" name "(" [ buffer { "," buffer } ] ")" block ;
 * buffer    = name ":" type "[" digits "]" ;
 * block     = "{" { stmt } "}" ;                 (one statement: itself; otherwise a sequence)
 * stmt      = "for" name "in" "0" ".." expr [ kind ] block
 *           | "if" expr block [ "else" block ]
 *           | "let" name "=" expr block
 *           | "allocate" buffer block
 *           | "seq" block                        (always a sequence)
 *           | name "[" expr "]" "=" expr ;
 * expr      = or ;  or = and { "||" and } ;  and = cmp { "&amp;&amp;" cmp } ;
 * cmp       = sum [ ( "&lt;" | "&lt;=" | "==" | "!=" ) sum ] ;
 * sum       = product { ( "+" | "-" ) product } ;
 * product   = unary { ( "*" | "/" | "//" | "%" ) unary } ;
 * unary     = "-" unary | "!" unary | primary ;   ("-" before a number is part of the literal)
 * primary   = literal | "(" expr ")" | name "[" expr "]" | name "(" [ expr { "," expr } ] ")" | name ;
 * literal   = number [ ":" type ] | "true" | "false" | ( "inf" | "nan" [ "(" hex ")" ] ) [ ":" type ] ;
 * </pre>
 */
public final class LoopParser {
    private final LoopLexer lexer;
    private Token peek;
    private final Map<String, Expr.Var> vars = new HashMap<>();
    private final Map<String, Buffer> buffers = new HashMap<>();

    private LoopParser(String fileName, String text) {
        this.lexer = new LoopLexer(fileName, text);
        this.peek = lexer.next();
    }

    public static Kernel parseKernel(String text) {
        return parseKernel("<kernel>", text);
    }

    public static Kernel parseKernel(String fileName, String text) {
        LoopParser p = new LoopParser(fileName, text);
        Kernel k = p.kernel();
        if (!p.peek.is(TokenKind.EOF)) {
            throw p.error(Kind.TRAILING_INPUT, p.peek, "expected end of input after the kernel, found " + p.peek.describe());
        }
        return k;
    }

    /**
     * A statement, where {@code params} are the buffers in scope; free variables are i32 loop variables
     * (for tests and tools that write fragments).
     */
    public static Stmt parseStmt(String text, List<Buffer> params, List<Expr.Var> freeVars) {
        LoopParser p = new LoopParser("<stmt>", text);
        params.forEach(b -> p.buffers.put(b.name(), b));
        freeVars.forEach(v -> p.vars.put(v.name(), v));
        List<Stmt> out = new ArrayList<>();
        while (!p.peek.is(TokenKind.EOF)) {
            out.add(p.stmt());
        }
        return out.size() == 1 ? out.getFirst() : new Stmt.Seq(out);
    }

    /** An expression over the given buffers and variables. */
    public static Expr parseExpr(String text, List<Buffer> params, List<Expr.Var> freeVars) {
        LoopParser p = new LoopParser("<expr>", text);
        params.forEach(b -> p.buffers.put(b.name(), b));
        freeVars.forEach(v -> p.vars.put(v.name(), v));
        Expr e = p.expr();
        if (!p.peek.is(TokenKind.EOF)) {
            throw p.error(Kind.TRAILING_INPUT, p.peek, "unexpected " + p.peek.describe() + " after the expression");
        }
        return e;
    }

    // ---- kernels and statements -----------------------------------------------------------------

    private Kernel kernel() {
        expectWord("kernel");
        String name = name("a kernel name");
        expect(TokenKind.LPAREN, "'('");
        List<Buffer> params = new ArrayList<>();
        if (!peek.is(TokenKind.RPAREN)) {
            do {
                Token at = peek;
                Buffer b = buffer(Buffer.Scope.GLOBAL);
                if (buffers.put(b.name(), b) != null) {
                    throw error(Kind.REDEFINED_VALUE, at, "parameter " + b.name() + " declared twice");
                }
                params.add(b);
            } while (accept(TokenKind.COMMA));
        }
        expect(TokenKind.RPAREN, "')'");
        Stmt body = block();
        return new Kernel(name, params, body);
    }

    private Buffer buffer(Buffer.Scope scope) {
        String name = name("a buffer name");
        expect(TokenKind.COLON, "':'");
        ScalarType t = type();
        expect(TokenKind.LBRACKET, "'['");
        Token size = expect(TokenKind.NUMBER, "the buffer size");
        long n;
        try {
            n = Long.parseLong(size.text());
        } catch (NumberFormatException e) {
            throw error(Kind.BAD_DIMENSION, size, "buffer size must be a non-negative integer, found " + size.text());
        }
        expect(TokenKind.RBRACKET, "']'");
        return new Buffer(name, t, n, scope);
    }

    private ScalarType type() {
        Token t = expect(TokenKind.NAME, "a type");
        ScalarType st = LoopSyntax.typeNamed(t.text());
        if (st == null) {
            throw error(Kind.UNKNOWN_DTYPE, t, "unknown type '" + t.text() + "'; types are bool, i8, i32, i64, f32, f64");
        }
        return st;
    }

    private Stmt block() {
        List<Stmt> out = blockStmts();
        return out.size() == 1 ? out.getFirst() : new Stmt.Seq(out);
    }

    private List<Stmt> blockStmts() {
        expect(TokenKind.LBRACE, "'{'");
        List<Stmt> out = new ArrayList<>();
        while (!peek.is(TokenKind.RBRACE)) {
            if (peek.is(TokenKind.EOF)) {
                throw unexpected("'}'");
            }
            out.add(stmt());
        }
        next();
        return out;
    }

    private Stmt stmt() {
        Token at = peek;
        if (at.isWord("for")) {
            next();
            Expr.Var v = new Expr.Var(name("a loop variable"), ScalarType.I32);
            expectWord("in");
            Token zero = expect(TokenKind.NUMBER, "0");
            if (!zero.text().equals("0")) {
                throw error(Kind.UNEXPECTED_TOKEN, zero, "loops start at 0, found " + zero.text());
            }
            expect(TokenKind.DOTDOT, "'..'");
            Token extentAt = peek;
            Expr extent = expr();
            if (extent.type() != ScalarType.I32) {
                throw error(Kind.TYPE_MISMATCH, extentAt, "loop extent must be i32, found " + extent.type().text());
            }
            LoopKind kind = LoopKind.SERIAL;
            if (peek.is(TokenKind.NAME) && LoopSyntax.kindNamed(peek.text()) != null) {
                kind = LoopSyntax.kindNamed(next().text());
            }
            bind(v, at);
            Stmt body = block();
            vars.remove(v.name());
            return new Stmt.For(v, extent, kind, body);
        }
        if (at.isWord("if")) {
            next();
            Token condAt = peek;
            Expr cond = expr();
            if (cond.type() != ScalarType.BOOL) {
                throw error(Kind.TYPE_MISMATCH, condAt, "condition must be bool, found " + cond.type().text());
            }
            Stmt then = block();
            Stmt otherwise = new Stmt.Seq(List.of());
            if (peek.isWord("else")) {
                next();
                otherwise = block();
            }
            return new Stmt.If(cond, then, otherwise);
        }
        if (at.isWord("let")) {
            next();
            String name = name("a variable name");
            expect(TokenKind.ASSIGN, "'='");
            Expr value = expr();
            Expr.Var v = new Expr.Var(name, value.type());
            bind(v, at);
            Stmt body = block();
            vars.remove(name);
            return new Stmt.Let(v, value, body);
        }
        if (at.isWord("allocate")) {
            next();
            Buffer b = buffer(Buffer.Scope.LOCAL);
            if (buffers.containsKey(b.name())) {
                throw error(Kind.REDEFINED_VALUE, at, "buffer " + b.name() + " is already declared here");
            }
            buffers.put(b.name(), b);
            Stmt body = block();
            buffers.remove(b.name());
            return new Stmt.Allocate(b, body);
        }
        if (at.isWord("seq")) {
            next();
            return new Stmt.Seq(blockStmts());
        }
        Buffer b = bufferRef();
        expect(TokenKind.LBRACKET, "'['");
        Expr index = index(b);
        expect(TokenKind.RBRACKET, "']'");
        Token eq = expect(TokenKind.ASSIGN, "'='");
        Expr value = expr();
        if (value.type() != b.type()) {
            throw error(Kind.TYPE_MISMATCH, eq, "store of " + value.type().text() + " into " + b.type().text()
                    + " buffer " + b.name());
        }
        return new Stmt.Store(b, index, value);
    }

    private void bind(Expr.Var v, Token at) {
        if (vars.containsKey(v.name())) {
            throw error(Kind.REDEFINED_VALUE, at, "variable " + v.name() + " is already bound here");
        }
        vars.put(v.name(), v);
    }

    private Buffer bufferRef() {
        Token at = peek;
        String name = name("a statement");
        Buffer b = buffers.get(name);
        if (b == null) {
            throw error(Kind.UNDEFINED_VALUE, at, "unknown buffer " + name);
        }
        return b;
    }

    private Expr index(Buffer b) {
        Token at = peek;
        Expr index = expr();
        if (index.type() != ScalarType.I32) {
            throw error(Kind.TYPE_MISMATCH, at, "index of " + b.name() + " must be i32, found " + index.type().text());
        }
        return index;
    }

    // ---- expressions ----------------------------------------------------------------------------

    private Expr expr() {
        Expr e = and();
        while (peek.is(TokenKind.OR)) {
            Token op = next();
            e = bin(BinOp.OR, e, and(), op);
        }
        return e;
    }

    private Expr and() {
        Expr e = cmp();
        while (peek.is(TokenKind.AND)) {
            Token op = next();
            e = bin(BinOp.AND, e, cmp(), op);
        }
        return e;
    }

    private Expr cmp() {
        Expr e = sum();
        BinOp op = switch (peek.kind()) {
            case LT -> BinOp.LT;
            case LE -> BinOp.LE;
            case EQ -> BinOp.EQ;
            case NE -> BinOp.NE;
            default -> null;
        };
        if (op != null) {
            Token at = next();
            e = bin(op, e, sum(), at);
        }
        return e;
    }

    private Expr sum() {
        Expr e = product();
        while (peek.is(TokenKind.PLUS) || peek.is(TokenKind.MINUS)) {
            Token op = next();
            e = bin(op.is(TokenKind.PLUS) ? BinOp.ADD : BinOp.SUB, e, product(), op);
        }
        return e;
    }

    private Expr product() {
        Expr e = unary();
        while (true) {
            BinOp op = switch (peek.kind()) {
                case STAR -> BinOp.MUL;
                case SLASH -> BinOp.DIV;
                case SLASHSLASH -> BinOp.FLOORDIV;
                case PERCENT -> BinOp.MOD;
                default -> null;
            };
            if (op == null) {
                return e;
            }
            Token at = next();
            e = bin(op, e, unary(), at);
        }
    }

    private Expr unary() {
        Token at = peek;
        if (accept(TokenKind.MINUS)) {
            if (peek.is(TokenKind.NUMBER) || peek.isWord("inf")) {
                return literal(true);
            }
            Expr a = unary();
            return check(at, () -> new Expr.Un(UnOp.NEG, a));
        }
        if (accept(TokenKind.BANG)) {
            Expr a = unary();
            if (a.type() != ScalarType.BOOL) {
                throw error(Kind.TYPE_MISMATCH, at, "! of " + a.type().text());
            }
            return new Expr.Un(UnOp.NOT, a);
        }
        return primary();
    }

    private Expr primary() {
        Token at = peek;
        if (accept(TokenKind.LPAREN)) {
            Expr e = expr();
            expect(TokenKind.RPAREN, "')'");
            return e;
        }
        if (at.is(TokenKind.NUMBER) || at.isWord("inf") || at.isWord("nan")) {
            return literal(false);
        }
        if (at.isWord("true") || at.isWord("false")) {
            next();
            return new Expr.IntImm(ScalarType.BOOL, at.text().equals("true") ? 1 : 0);
        }
        if (!at.is(TokenKind.NAME) && !at.is(TokenKind.STRING)) {
            throw unexpected("an expression");
        }
        next();
        if (at.is(TokenKind.NAME) && peek.is(TokenKind.LPAREN)) {
            return call(at);
        }
        if (peek.is(TokenKind.LBRACKET)) {
            Buffer b = buffers.get(at.text());
            if (b == null) {
                throw error(Kind.UNDEFINED_VALUE, at, "unknown buffer " + at.text());
            }
            next();
            Expr index = index(b);
            expect(TokenKind.RBRACKET, "']'");
            return new Expr.Load(b, index);
        }
        Expr.Var v = vars.get(at.text());
        if (v == null) {
            throw error(Kind.UNDEFINED_VALUE, at, "unknown variable " + at.text());
        }
        return v;
    }

    private Expr call(Token name) {
        expect(TokenKind.LPAREN, "'('");
        String f = name.text();
        if (f.equals("lanes")) {
            ScalarType t = type();
            expect(TokenKind.RPAREN, "')'");
            return new Expr.Lanes(t);
        }
        List<Expr> args = new ArrayList<>();
        if (!peek.is(TokenKind.RPAREN)) {
            do {
                args.add(expr());
            } while (accept(TokenKind.COMMA));
        }
        expect(TokenKind.RPAREN, "')'");
        ScalarType convert = LoopSyntax.typeNamed(f);
        UnOp un = LoopSyntax.unOpNamed(f);
        int arity = switch (f) {
            case "min", "max", "pow" -> 2;
            case "fma", "select" -> 3;
            default -> convert != null || un != null ? 1 : -1;
        };
        if (arity < 0) {
            throw error(Kind.UNKNOWN_OP, name, "unknown function '" + f + "'");
        }
        if (args.size() != arity) {
            throw error(Kind.UNEXPECTED_TOKEN, name, f + " takes " + arity + " argument" + (arity == 1 ? "" : "s")
                    + ", found " + args.size());
        }
        return check(name, () -> switch (f) {
            case "min" -> new Expr.Bin(BinOp.MIN, args.get(0), args.get(1));
            case "max" -> new Expr.Bin(BinOp.MAX, args.get(0), args.get(1));
            case "pow" -> new Expr.Bin(BinOp.POW, args.get(0), args.get(1));
            case "fma" -> new Expr.Fma(args.get(0), args.get(1), args.get(2));
            case "select" -> new Expr.Select(args.get(0), args.get(1), args.get(2));
            default -> convert != null ? new Expr.Convert(convert, args.getFirst()) : new Expr.Un(un, args.getFirst());
        });
    }

    private Expr literal(boolean negative) {
        Token at = peek;
        next();
        String text = at.text();
        boolean isFloat = at.isWord("inf") || at.isWord("nan") || text.contains(".") || text.contains("e")
                || text.contains("E");
        Long nanBits = null;
        if (at.isWord("nan")) {
            if (accept(TokenKind.LPAREN)) {
                Token hex = expect(TokenKind.NUMBER, "the NaN's bits in hex");
                if (!hex.text().startsWith("0x")) {
                    throw error(Kind.MALFORMED_NUMBER, hex, "NaN bits are written in hex, as 0x7fc00001");
                }
                nanBits = Long.parseUnsignedLong(hex.text().substring(2), 16);
                expect(TokenKind.RPAREN, "')'");
            }
        }
        ScalarType t = isFloat ? ScalarType.F32 : ScalarType.I32;
        if (accept(TokenKind.COLON)) {
            Token tt = peek;
            t = type();
            if (t.isFloat() != isFloat || t == ScalarType.BOOL) {
                throw error(Kind.TYPE_MISMATCH, tt, (isFloat ? "a float literal" : "an integer literal") + " cannot be "
                        + t.text());
            }
        }
        if (isFloat) {
            double v;
            if (nanBits != null) {
                v = t == ScalarType.F32 ? Float.intBitsToFloat((int) (long) nanBits) : Double.longBitsToDouble(nanBits);
            } else if (at.isWord("nan")) {
                v = Double.NaN;
            } else if (at.isWord("inf")) {
                v = Double.POSITIVE_INFINITY;
            } else {
                v = t == ScalarType.F32 ? Float.parseFloat(text) : Double.parseDouble(text);
            }
            return new Expr.FloatImm(t, negative ? -v : v);
        }
        long v;
        try {
            v = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(negative ? "-" + text : text);
        } catch (NumberFormatException e) {
            throw error(Kind.NUMBER_OUT_OF_RANGE, at, "integer " + text + " out of range");
        }
        if (ExprRules.wrap(t, v) != v) {
            throw error(Kind.NUMBER_OUT_OF_RANGE, at, (negative ? "-" : "") + text + " does not fit " + t.text());
        }
        return new Expr.IntImm(t, v);
    }

    private Expr bin(BinOp op, Expr a, Expr b, Token at) {
        return check(at, () -> new Expr.Bin(op, a, b));
    }

    /** Builds a node, turning a type error of its constructor into a located diagnostic. */
    private Expr check(Token at, java.util.function.Supplier<Expr> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw error(Kind.TYPE_MISMATCH, at, e.getMessage());
        }
    }

    // ---- tokens ---------------------------------------------------------------------------------

    private String name(String what) {
        if (peek.is(TokenKind.NAME) || peek.is(TokenKind.STRING)) {
            return next().text();
        }
        throw unexpected(what);
    }

    private Token next() {
        Token t = peek;
        if (!t.is(TokenKind.EOF)) {
            peek = lexer.next();
        }
        return t;
    }

    private boolean accept(TokenKind k) {
        if (peek.is(k)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(TokenKind k, String what) {
        if (!peek.is(k)) {
            throw unexpected(what);
        }
        return next();
    }

    private void expectWord(String w) {
        if (!peek.isWord(w)) {
            throw unexpected("'" + w + "'");
        }
        next();
    }

    private IrSyntaxException unexpected(String what) {
        return error(Kind.UNEXPECTED_TOKEN, peek, "expected " + what + ", found " + peek.describe());
    }

    private IrSyntaxException error(Kind kind, Token at, String detail) {
        return lexer.error(kind, at.offset(), detail);
    }
}
