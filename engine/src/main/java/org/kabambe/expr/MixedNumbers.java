package org.kabambe.expr;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Lets a number (double) and a whole number (int) meet in {@code ==}, {@code !=}, {@code +}, {@code -},
 * {@code *} and {@code /}, so authors can write {@code vars.score + 1} or {@code answers.age == 12}. CEL's
 * heterogeneous comparison option covers only {@code < <= > >=}; these overloads fill in the rest.
 */
final class MixedNumbers {
  private MixedNumbers() {}

  private record Operator(String function, String id, DoubleBinaryOperator op) {}

  private static final List<Operator> ARITHMETIC = List.of(
      new Operator("_+_", "add", (a, b) -> a + b),
      new Operator("_-_", "subtract", (a, b) -> a - b),
      new Operator("_*_", "multiply", (a, b) -> a * b),
      new Operator("_/_", "divide", (a, b) -> a / b));

  static List<CelFunctionDecl> declarations() {
    List<CelFunctionDecl> out = new ArrayList<>();
    out.add(decl("_==_", "kabambe_equals", SimpleType.BOOL));
    out.add(decl("_!=_", "kabambe_not_equals", SimpleType.BOOL));
    ARITHMETIC.forEach(o -> out.add(decl(o.function(), "kabambe_" + o.id(), SimpleType.DOUBLE)));
    return out;
  }

  static List<CelFunctionBinding> bindings() {
    List<CelFunctionBinding> out = new ArrayList<>();
    out.add(CelFunctionBinding.from("kabambe_equals_double_int", Double.class, Long.class, (a, b) -> a == (double) b));
    out.add(CelFunctionBinding.from("kabambe_equals_int_double", Long.class, Double.class, (a, b) -> a == (double) b));
    out.add(CelFunctionBinding.from(
        "kabambe_not_equals_double_int", Double.class, Long.class, (a, b) -> a != (double) b));
    out.add(CelFunctionBinding.from(
        "kabambe_not_equals_int_double", Long.class, Double.class, (a, b) -> a != (double) b));
    for (Operator o : ARITHMETIC) {
      out.add(CelFunctionBinding.from("kabambe_" + o.id() + "_double_int", Double.class, Long.class,
          (a, b) -> o.op().applyAsDouble(a, b)));
      out.add(CelFunctionBinding.from("kabambe_" + o.id() + "_int_double", Long.class, Double.class,
          (a, b) -> o.op().applyAsDouble(a, b)));
    }
    return out;
  }

  private static CelFunctionDecl decl(String function, String id, CelType result) {
    return CelFunctionDecl.newFunctionDeclaration(function,
        CelOverloadDecl.newGlobalOverload(id + "_double_int", result, SimpleType.DOUBLE, SimpleType.INT),
        CelOverloadDecl.newGlobalOverload(id + "_int_double", result, SimpleType.INT, SimpleType.DOUBLE));
  }
}
