package kiln.frontend.syntax;

import java.util.ArrayList;
import java.util.List;
import kiln.frontend.diag.Code;
import kiln.frontend.diag.Diagnostics;
import kiln.frontend.diag.Source;
import kiln.frontend.diag.Span;
import kiln.frontend.syntax.KilnParser.AddExprContext;
import kiln.frontend.syntax.KilnParser.AndExprContext;
import kiln.frontend.syntax.KilnParser.ArgContext;
import kiln.frontend.syntax.KilnParser.AssignStmtContext;
import kiln.frontend.syntax.KilnParser.BlockDeclContext;
import kiln.frontend.syntax.KilnParser.BlockParamContext;
import kiln.frontend.syntax.KilnParser.BodyContext;
import kiln.frontend.syntax.KilnParser.BoolLitContext;
import kiln.frontend.syntax.KilnParser.CallExprContext;
import kiln.frontend.syntax.KilnParser.CompareExprContext;
import kiln.frontend.syntax.KilnParser.DottedNameContext;
import kiln.frontend.syntax.KilnParser.ExprContext;
import kiln.frontend.syntax.KilnParser.FileContext;
import kiln.frontend.syntax.KilnParser.FloatLitContext;
import kiln.frontend.syntax.KilnParser.ForStmtContext;
import kiln.frontend.syntax.KilnParser.IfStmtAltContext;
import kiln.frontend.syntax.KilnParser.IfStmtContext;
import kiln.frontend.syntax.KilnParser.ImportDeclContext;
import kiln.frontend.syntax.KilnParser.IndexAtContext;
import kiln.frontend.syntax.KilnParser.IndexEllipsisContext;
import kiln.frontend.syntax.KilnParser.IndexExprContext;
import kiln.frontend.syntax.KilnParser.IndexItemContext;
import kiln.frontend.syntax.KilnParser.IndexRangeContext;
import kiln.frontend.syntax.KilnParser.InputStmtContext;
import kiln.frontend.syntax.KilnParser.InstanceNameContext;
import kiln.frontend.syntax.KilnParser.IntLitContext;
import kiln.frontend.syntax.KilnParser.LetStmtContext;
import kiln.frontend.syntax.KilnParser.ListExprContext;
import kiln.frontend.syntax.KilnParser.ModelDeclContext;
import kiln.frontend.syntax.KilnParser.MulExprContext;
import kiln.frontend.syntax.KilnParser.NameExprContext;
import kiln.frontend.syntax.KilnParser.NamePartContext;
import kiln.frontend.syntax.KilnParser.NoneLitContext;
import kiln.frontend.syntax.KilnParser.NotExprContext;
import kiln.frontend.syntax.KilnParser.OrExprContext;
import kiln.frontend.syntax.KilnParser.OutputStmtContext;
import kiln.frontend.syntax.KilnParser.ParamStmtContext;
import kiln.frontend.syntax.KilnParser.ParenExprContext;
import kiln.frontend.syntax.KilnParser.PowExprContext;
import kiln.frontend.syntax.KilnParser.PrimaryContext;
import kiln.frontend.syntax.KilnParser.PrimaryExprContext;
import kiln.frontend.syntax.KilnParser.RepeatStmtContext;
import kiln.frontend.syntax.KilnParser.ReturnStmtContext;
import kiln.frontend.syntax.KilnParser.StmtContext;
import kiln.frontend.syntax.KilnParser.StringLitContext;
import kiln.frontend.syntax.KilnParser.TargetsContext;
import kiln.frontend.syntax.KilnParser.TensorTypeContext;
import kiln.frontend.syntax.KilnParser.TopDeclContext;
import kiln.frontend.syntax.KilnParser.UnaryExprContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns a parse tree without syntax errors into the immutable AST. Literals are checked here (integers
 * that do not fit 64 bits, string escapes). Recursion follows the tree, whose depth the parser bounds.
 */
final class AstBuilder {
    private final Source source;
    private final Diagnostics diagnostics;

    AstBuilder(Source source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    KilnFile file(FileContext ctx) {
        List<KilnFile.Import> imports = new ArrayList<>();
        for (ImportDeclContext i : ctx.importDecl()) {
            TerminalNode alias = i.IDENT();
            imports.add(new KilnFile.Import(string(i.STRING().getSymbol()), span(i.STRING()),
                    alias == null ? null : alias.getText(), alias == null ? null : span(alias), span(i)));
        }
        List<Decl> decls = new ArrayList<>();
        for (TopDeclContext d : ctx.topDecl()) {
            decls.add(d.blockDecl() != null ? block(d.blockDecl()) : model(d.modelDecl()));
        }
        return new KilnFile(source, imports, decls);
    }

    private Decl.Block block(BlockDeclContext ctx) {
        List<Decl.BlockParam> params = new ArrayList<>();
        for (BlockParamContext p : ctx.blockParam()) {
            List<TerminalNode> ids = p.IDENT();
            TerminalNode type = ids.size() > 1 ? ids.get(1) : null;
            params.add(new Decl.BlockParam(ids.getFirst().getText(), span(ids.getFirst()),
                    type == null ? null : type.getText(), type == null ? null : span(type),
                    p.expr() == null ? null : expr(p.expr())));
        }
        return new Decl.Block(ctx.IDENT().getText(), span(ctx.IDENT()), params, body(ctx.body()), span(ctx));
    }

    private Decl.Model model(ModelDeclContext ctx) {
        return new Decl.Model(ctx.IDENT().getText(), span(ctx.IDENT()), body(ctx.body()), span(ctx));
    }

    private List<Stmt> body(BodyContext ctx) {
        List<Stmt> out = new ArrayList<>();
        for (StmtContext s : ctx.stmt()) {
            out.add(stmt(s));
        }
        return out;
    }

    private Stmt stmt(StmtContext ctx) {
        return switch (ctx) {
            case LetStmtContext c -> new Stmt.Let(targets(c.targets()), expr(c.expr()), span(c));
            case AssignStmtContext c -> new Stmt.Assign(targets(c.targets()), expr(c.expr()), span(c));
            case ParamStmtContext c -> new Stmt.Param(instanceName(c.instanceName()), type(c.tensorType()), span(c));
            case InputStmtContext c -> new Stmt.Input(c.IDENT().getText(), span(c.IDENT()), type(c.tensorType()),
                    span(c));
            case OutputStmtContext c -> new Stmt.Output(c.IDENT().getText(), span(c.IDENT()),
                    c.tensorType() == null ? null : type(c.tensorType()), c.expr() == null ? null : expr(c.expr()),
                    span(c));
            case IfStmtAltContext c -> ifStmt(c.ifStmt());
            case ForStmtContext c -> new Stmt.For(new Stmt.Target(c.IDENT().getText(), span(c.IDENT())),
                    expr(c.expr(0)), c.expr().size() > 1 ? expr(c.expr(1)) : null, body(c.body()), span(c));
            case RepeatStmtContext c -> new Stmt.Repeat(expr(c.expr()), body(c.body()), span(c));
            case ReturnStmtContext c -> new Stmt.Return(c.expr().stream().map(this::expr).toList(), span(c));
            default -> throw new IllegalStateException("unknown statement " + ctx.getClass());
        };
    }

    private Stmt.If ifStmt(IfStmtContext ctx) {
        List<Stmt> otherwise = List.of();
        if (ctx.ifStmt() != null) {
            otherwise = List.of(ifStmt(ctx.ifStmt()));
        } else if (ctx.body().size() > 1) {
            otherwise = body(ctx.body(1));
        }
        return new Stmt.If(expr(ctx.expr()), body(ctx.body(0)), otherwise, span(ctx));
    }

    private List<Stmt.Target> targets(TargetsContext ctx) {
        return ctx.IDENT().stream().map(t -> new Stmt.Target(t.getText(), span(t))).toList();
    }

    private TypeExpr type(TensorTypeContext ctx) {
        TerminalNode dtype = ctx.IDENT();
        return new TypeExpr(dtype == null ? null : dtype.getText(), dtype == null ? null : span(dtype),
                ctx.expr().stream().map(this::expr).toList(), span(ctx));
    }

    Expr expr(ExprContext ctx) {
        return switch (ctx) {
            case PrimaryExprContext c -> primary(c.primary());
            case IndexExprContext c -> new Expr.Index(expr(c.expr()), c.indexItem().stream().map(this::indexItem)
                    .toList(), span(c));
            case PowExprContext c -> binary(Expr.BinaryOp.POW, c.expr(0), c.POW().getSymbol(), c.expr(1), c);
            case UnaryExprContext c -> new Expr.Unary(c.op.getType() == KilnParser.MINUS ? Expr.UnaryOp.NEG
                    : Expr.UnaryOp.PLUS, expr(c.expr()), span(c));
            case NotExprContext c -> new Expr.Unary(Expr.UnaryOp.NOT, expr(c.expr()), span(c));
            case MulExprContext c -> binary(switch (c.op.getType()) {
                case KilnParser.STAR -> Expr.BinaryOp.MUL;
                case KilnParser.SLASH -> Expr.BinaryOp.DIV;
                case KilnParser.DSLASH -> Expr.BinaryOp.FLOOR_DIV;
                case KilnParser.PERCENT -> Expr.BinaryOp.MOD;
                default -> Expr.BinaryOp.MATMUL;
            }, c.expr(0), c.op, c.expr(1), c);
            case AddExprContext c -> binary(c.op.getType() == KilnParser.PLUS ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUB,
                    c.expr(0), c.op, c.expr(1), c);
            case CompareExprContext c -> binary(switch (c.op.getType()) {
                case KilnParser.EQ -> Expr.BinaryOp.EQ;
                case KilnParser.NE -> Expr.BinaryOp.NE;
                case KilnParser.LT -> Expr.BinaryOp.LT;
                case KilnParser.LE -> Expr.BinaryOp.LE;
                case KilnParser.GT -> Expr.BinaryOp.GT;
                default -> Expr.BinaryOp.GE;
            }, c.expr(0), c.op, c.expr(1), c);
            case AndExprContext c -> binary(Expr.BinaryOp.AND, c.expr(0), c.AND().getSymbol(), c.expr(1), c);
            case OrExprContext c -> binary(Expr.BinaryOp.OR, c.expr(0), c.OR().getSymbol(), c.expr(1), c);
            default -> throw new IllegalStateException("unknown expression " + ctx.getClass());
        };
    }

    private Expr binary(Expr.BinaryOp op, ExprContext left, Token opToken, ExprContext right, ParserRuleContext whole) {
        return new Expr.Binary(op, expr(left), expr(right), span(opToken), span(whole));
    }

    private Expr primary(PrimaryContext ctx) {
        return switch (ctx) {
            case IntLitContext c -> intLit(c.INT().getSymbol());
            case FloatLitContext c -> floatLit(c.FLOAT().getSymbol());
            case BoolLitContext c -> new Expr.BoolLit(c.TRUE() != null, span(c));
            case NoneLitContext c -> new Expr.NoneLit(span(c));
            case StringLitContext c -> new Expr.StringLit(string(c.STRING().getSymbol()), span(c));
            case CallExprContext c -> call(c);
            case KilnParser.ParamExprContext c -> new Expr.Param(instanceName(c.instanceName()), type(c.tensorType()),
                    span(c));
            case NameExprContext c -> new Expr.Name(c.dottedName().getText(), span(c));
            case ParenExprContext c -> expr(c.expr());
            case ListExprContext c -> new Expr.ListLit(c.expr().stream().map(this::expr).toList(), span(c));
            default -> throw new IllegalStateException("unknown primary " + ctx.getClass());
        };
    }

    private Expr call(CallExprContext c) {
        List<Expr.Arg> args = new ArrayList<>();
        for (ArgContext a : c.arg()) {
            TerminalNode kw = a.IDENT();
            args.add(new Expr.Arg(kw == null ? null : kw.getText(), kw == null ? null : span(kw), expr(a.expr())));
        }
        DottedNameContext callee = c.dottedName();
        InstanceName instance = c.instanceName() == null ? null : instanceName(c.instanceName());
        return new Expr.Call(callee.getText(), span(callee), args, instance, span(c));
    }

    private InstanceName instanceName(InstanceNameContext ctx) {
        List<InstanceName.Part> parts = new ArrayList<>();
        for (NamePartContext p : ctx.namePart()) {
            parts.add(new InstanceName.Part(p.IDENT() == null ? null : p.IDENT().getText(),
                    p.expr().stream().map(this::expr).toList(), span(p)));
        }
        return new InstanceName(parts, span(ctx));
    }

    private Expr.IndexItem indexItem(IndexItemContext ctx) {
        return switch (ctx) {
            case IndexAtContext c -> new Expr.At(expr(c.expr()), span(c));
            case IndexRangeContext c -> new Expr.Range(c.start == null ? null : expr(c.start),
                    c.stop == null ? null : expr(c.stop), c.step == null ? null : expr(c.step), span(c));
            case IndexEllipsisContext c -> new Expr.Ellipsis(span(c));
            default -> throw new IllegalStateException("unknown index " + ctx.getClass());
        };
    }

    private Expr intLit(Token t) {
        try {
            return new Expr.IntLit(Long.parseLong(t.getText()), span(t));
        } catch (NumberFormatException e) {
            diagnostics.report(Code.NUMBER_OUT_OF_RANGE, span(t), "the integer " + t.getText()
                    + " does not fit in 64 bits");
            return new Expr.IntLit(0, span(t));
        }
    }

    private Expr floatLit(Token t) {
        double v = Double.parseDouble(t.getText());
        if (Double.isInfinite(v)) {
            diagnostics.report(Code.NUMBER_OUT_OF_RANGE, span(t), "the number " + t.getText()
                    + " is beyond the range of a double");
        }
        return new Expr.FloatLit(v, span(t));
    }

    /** The value of a string token without its quotes; escapes \" \\ \n \t. */
    private String string(Token t) {
        String text = t.getText();
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case '"', '\\' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                default -> {
                    int column = t.getCharPositionInLine() + 1 + text.substring(0, i - 1).codePointCount(0, i - 1);
                    diagnostics.report(Code.BAD_ESCAPE, Span.at(source, t.getLine(), column, 2),
                            "unknown escape '\\" + e + "' in a string; use \\\" \\\\ \\n or \\t");
                }
            }
        }
        return sb.toString();
    }

    Span span(TerminalNode node) {
        return span(node.getSymbol());
    }

    Span span(Token t) {
        String text = t.getType() == Token.EOF ? " " : t.getText();
        return Span.at(source, t.getLine(), t.getCharPositionInLine() + 1, text.codePointCount(0, text.length()));
    }

    Span span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null || ctx.getStop().getTokenIndex() < start.getTokenIndex() ? start
                : ctx.getStop();
        return span(start).to(span(stop));
    }
}
