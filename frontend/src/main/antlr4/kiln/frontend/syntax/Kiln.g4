// The Kiln language. See docs/language.md for the reference written for users.
//
// Statements need no separator: no statement starts with a token that could continue an expression,
// so `let a = f(x)` followed by `let b = ...` on the next line is unambiguous. A `;` is allowed anyway.
grammar Kiln;

file
    : importDecl* topDecl* EOF
    ;

importDecl
    : IMPORT STRING (AS IDENT)? SEMI?
    ;

topDecl
    : blockDecl
    | modelDecl
    ;

blockDecl
    : BLOCK IDENT LPAREN (blockParam (COMMA blockParam)* COMMA?)? RPAREN body
    ;

blockParam
    : IDENT (COLON IDENT)? (ASSIGN expr)?
    ;

modelDecl
    : MODEL IDENT body
    ;

body
    : LBRACE stmt* RBRACE
    ;

stmt
    : LET targets ASSIGN expr SEMI?                                   # letStmt
    | targets ASSIGN expr SEMI?                                       # assignStmt
    | PARAM instanceName COLON tensorType SEMI?                       # paramStmt
    | INPUT IDENT COLON tensorType SEMI?                              # inputStmt
    | OUTPUT IDENT (COLON tensorType)? (ASSIGN expr)? SEMI?           # outputStmt
    | ifStmt                                                          # ifStmtAlt
    | FOR IDENT IN expr (DOTDOT expr)? body                           # forStmt
    | REPEAT expr body                                                # repeatStmt
    | RETURN expr (COMMA expr)* SEMI?                                 # returnStmt
    ;

ifStmt
    : IF expr body (ELSE (ifStmt | body))?
    ;

targets
    : IDENT (COMMA IDENT)*
    ;

tensorType
    : IDENT? LBRACK (expr (COMMA expr)*)? RBRACK
    ;

dottedName
    : IDENT (DOT IDENT)*
    ;

instanceName
    : namePart (DOT namePart)*
    ;

// `conv2b[0]`, or `[i]` alone for the numbered children of a sequence (PyTorch's nn.Sequential).
namePart
    : (IDENT | LBRACK expr RBRACK) (LBRACK expr RBRACK)*
    ;

// Alternatives are listed from the tightest binding to the loosest.
expr
    : primary                                                         # primaryExpr
    | expr LBRACK indexItem (COMMA indexItem)* RBRACK                 # indexExpr
    | <assoc = right> expr POW expr                                   # powExpr
    | op = (MINUS | PLUS) expr                                        # unaryExpr
    | expr op = (STAR | SLASH | DSLASH | PERCENT | AT) expr           # mulExpr
    | expr op = (PLUS | MINUS) expr                                   # addExpr
    | expr op = (EQ | NE | LT | LE | GT | GE) expr                    # compareExpr
    | NOT expr                                                        # notExpr
    | expr AND expr                                                   # andExpr
    | expr OR expr                                                    # orExpr
    ;

primary
    : INT                                                             # intLit
    | FLOAT                                                           # floatLit
    | (TRUE | FALSE)                                                  # boolLit
    | NONE                                                            # noneLit
    | STRING                                                          # stringLit
    | dottedName LPAREN (arg (COMMA arg)* COMMA?)? RPAREN (AS instanceName)?   # callExpr
    | PARAM instanceName COLON tensorType                             # paramExpr
    | dottedName                                                      # nameExpr
    | LPAREN expr RPAREN                                              # parenExpr
    | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK                      # listExpr
    ;

arg
    : (IDENT ASSIGN)? expr
    ;

indexItem
    : expr                                                            # indexAt
    | start = expr? COLON stop = expr? (COLON step = expr?)?          # indexRange
    | ELLIPSIS                                                        # indexEllipsis
    ;

IMPORT  : 'import';
AS      : 'as';
BLOCK   : 'block';
MODEL   : 'model';
LET     : 'let';
PARAM   : 'param';
INPUT   : 'input';
OUTPUT  : 'output';
IF      : 'if';
ELSE    : 'else';
FOR     : 'for';
IN      : 'in';
REPEAT  : 'repeat';
RETURN  : 'return';
AND     : 'and';
OR      : 'or';
NOT     : 'not';
TRUE    : 'true';
FALSE   : 'false';
NONE    : 'none';

LPAREN  : '(';
RPAREN  : ')';
LBRACK  : '[';
RBRACK  : ']';
LBRACE  : '{';
RBRACE  : '}';
COMMA   : ',';
COLON   : ':';
SEMI    : ';';
ELLIPSIS: '...';
DOTDOT  : '..';
DOT     : '.';
POW     : '**';
STAR    : '*';
DSLASH  : '//';
SLASH   : '/';
PERCENT : '%';
AT      : '@';
PLUS    : '+';
MINUS   : '-';
EQ      : '==';
NE      : '!=';
LE      : '<=';
GE      : '>=';
LT      : '<';
GT      : '>';
ASSIGN  : '=';

IDENT   : [a-zA-Z_] [a-zA-Z_0-9]*;
FLOAT   : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT;
INT     : DIGITS;
// Digits run into letters (`12abc`, `1.5e`): one malformed number rather than a number and a name.
BAD_NUMBER : DIGITS ('.' DIGITS)? [a-zA-Z_] [a-zA-Z_0-9]*;
STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';
// A string whose closing quote is missing on its line; reported as a lexical error.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])*;

COMMENT : '#' ~[\r\n]* -> skip;
WS      : [ \t\r\n\f]+ -> skip;
// Any other character; reported as a lexical error.
BAD_CHAR : .;

fragment DIGITS   : [0-9]+;
fragment EXPONENT : [eE] [+-]? [0-9]+;
