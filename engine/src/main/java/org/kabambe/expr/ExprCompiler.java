package org.kabambe.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;

/**
 * Compiles and type-checks CEL expressions against one flow's {@link Scope}.
 *
 * <p>Every name in scope is declared to CEL as a qualified variable ({@code answers.age}, {@code vars.score},
 * {@code contact.district}, {@code session.channel}) with its own type, plus {@code now} and {@code input}; CEL
 * resolves the dotted identifier to that variable, so a typo or a type error is caught when the flow loads.
 */
public final class ExprCompiler {
  /** Lets authors compare a number answer with 18 instead of 18.0; set on the compiler and the runtime alike. */
  static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .addFunctionBindings(MixedNumbers.bindings())
          .build();

  private final Scope scope;
  private final ScopeNames names;
  private final CelCompiler cel;

  public ExprCompiler(Scope scope) {
    this.scope = scope;
    this.names = new ScopeNames(scope);
    CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .addFunctionDeclarations(MixedNumbers.declarations());
    names.types().forEach((name, type) -> builder.addVar(name, CelTypeMapping.toCel(type)));
    this.cel = builder.build();
  }

  public Scope scope() {
    return scope;
  }

  /**
   * Compiles {@code e} and attaches the program to it. Syntax and type errors are reported at their position in
   * the flow file (the expression's position plus the offset inside it). {@code expected}, unless DYN, is the
   * type the result must have (BOOL for conditions). Returns false when the expression could not be bound.
   */
  public boolean bind(Expression e, ValueType expected, Diagnostics diagnostics) {
    Optional<CompiledExpr> program = compile(e, expected, diagnostics);
    program.ifPresent(e::attach);
    return program.isPresent();
  }

  /** Reports every insertion in {@code t} whose path is not in scope, with a did-you-mean. */
  public void check(Template t, Diagnostics diagnostics) {
    for (Template.Insertion in : t.insertions()) {
      names.problemWithPath(in.path()).ifPresent(msg -> diagnostics.error(in.pos(), msg));
    }
  }

  private Optional<CompiledExpr> compile(Expression e, ValueType expected, Diagnostics diagnostics) {
    if (e.source().isBlank()) {
      diagnostics.error(e.pos(), "the expression is empty");
      return Optional.empty();
    }
    CelValidationResult parsed = cel.parse(e.source());
    if (parsed.hasError()) {
      for (CelIssue issue : parsed.getErrors()) {
        diagnostics.error(at(e, issue.getSourceLocation()), CelMessages.syntax(issue.getMessage()));
      }
      return Optional.empty();
    }
    CelAbstractSyntaxTree parsedAst = ast(parsed);
    boolean ok = checkNames(e, parsedAst, diagnostics);
    CelValidationResult checked = cel.check(parsedAst);
    for (CelIssue issue : checked.getErrors()) {
      // Unknown names under answers/vars/contact/session were already reported, at the name and more kindly.
      if (!ok && isUndeclaredRoot(issue.getMessage())) continue;
      diagnostics.error(at(e, issue.getSourceLocation()), CelMessages.check(issue.getMessage(), names));
    }
    if (!ok || checked.hasError()) return Optional.empty();
    CelAbstractSyntaxTree ast = ast(checked);
    ValueType actual = CelTypeMapping.fromCel(ast.getResultType());
    Optional<ValueType> resultType = ResultTypes.fit(actual, expected);
    if (resultType.isEmpty()) {
      diagnostics.error(e.pos(), ResultTypes.mismatch(actual, expected));
      return Optional.empty();
    }
    try {
      return Optional.of(new CelProgram(
          RUNTIME.createProgram(ast), resultType.get(), names, variablesByExprId(ast), e.source(), e.pos()));
    } catch (CelEvaluationException ex) {
      diagnostics.error(e.pos(), "this expression cannot be prepared: " + ex.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Reports every {@code answers.X}, {@code vars.X}, {@code contact.X}, {@code session.X} whose X is not in scope,
   * at the position of X, and every root used without a name. Returns false when it reported something.
   */
  private boolean checkNames(Expression e, CelAbstractSyntaxTree parsedAst, Diagnostics diagnostics) {
    CelSource source = parsedAst.getSource();
    int[] codePoints = e.source().codePoints().toArray();
    boolean ok = true;
    List<CelNavigableExpr> nodes = CelNavigableAst.fromAst(parsedAst).getRoot().allNodes().toList();
    for (CelNavigableExpr node : nodes) {
      CelExpr expr = node.expr();
      if (expr.getKind() != CelExpr.ExprKind.Kind.IDENT) continue;
      Optional<ScopePath.Root> root = ScopePath.Root.of(expr.ident().name());
      if (root.isEmpty() || !(root.get().hasNames() || root.get() == ScopePath.Root.SESSION)) continue;
      int offset = source.getPositionsMap().getOrDefault(expr.id(), 0);
      Optional<CelExpr.CelSelect> select = node.parent()
          .map(CelNavigableExpr::expr)
          .filter(p -> p.getKind() == CelExpr.ExprKind.Kind.SELECT && p.select().operand().id() == expr.id())
          .map(CelExpr::select);
      if (select.isEmpty()) {
        diagnostics.error(at(e, source, offset), ScopeNames.rootNeedsName(root.get().word));
        ok = false;
      } else if (select.get().testOnly() || isHasArgument(node.parent().get())) {
        diagnostics.error(at(e, source, offset), "has() cannot test " + root.get().word
            + "; a condition that reads a value not set yet is simply false");
        ok = false;
      } else {
        Optional<String> problem = names.problemWithName(root.get(), select.get().field());
        if (problem.isPresent()) {
          diagnostics.error(at(e, source, fieldOffset(codePoints, offset + root.get().word.length())), problem.get());
          ok = false;
        }
      }
    }
    return ok;
  }

  private static boolean isHasArgument(CelNavigableExpr select) {
    return select.parent()
        .map(CelNavigableExpr::expr)
        .filter(p -> p.getKind() == CelExpr.ExprKind.Kind.CALL && p.call().function().equals("has"))
        .isPresent();
  }

  /** Skips the dot (and any spaces around it) after a root, to land on the name. */
  private static int fieldOffset(int[] codePoints, int afterRoot) {
    int i = afterRoot;
    while (i < codePoints.length && (Character.isWhitespace(codePoints[i]) || codePoints[i] == '.')) i++;
    return i;
  }

  private static boolean isUndeclaredRoot(String celMessage) {
    for (ScopePath.Root r : ScopePath.Root.values()) {
      if (celMessage.startsWith("undeclared reference to '" + r.word + "'")) return true;
    }
    return false;
  }

  /** Which variable each expression node reads, for naming the unset ones at run time. */
  private static Map<Long, String> variablesByExprId(CelAbstractSyntaxTree ast) {
    Map<Long, String> out = new HashMap<>();
    ast.getReferenceMap().forEach((id, ref) -> {
      if (!ref.name().isEmpty()) out.put(id, ref.name());
    });
    return out;
  }

  private static SourcePos at(Expression e, CelSource source, int offset) {
    return source.getOffsetLocation(offset).map(loc -> at(e, loc)).orElse(e.pos());
  }

  /** CEL lines are 1-based, its columns 0-based code points. */
  private static SourcePos at(Expression e, CelSourceLocation loc) {
    if (loc.getLine() < 1 || loc.getColumn() < 0) return e.pos();
    return TextPositions.atLineColumn(e.pos(), loc.getLine() - 1, loc.getColumn());
  }

  private static CelAbstractSyntaxTree ast(CelValidationResult r) {
    try {
      return r.getAst();
    } catch (CelValidationException ex) {
      throw new IllegalStateException("CEL result without errors has no AST", ex);
    }
  }
}
