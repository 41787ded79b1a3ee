package org.kabambe.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kabambe.expr.ExprFixtures.SCOPE;
import static org.kabambe.expr.ExprFixtures.bindings;
import static org.kabambe.expr.ExprFixtures.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kabambe.diag.Diagnostics;
import org.kabambe.diag.SourcePos;

class ExprCompilerTest {
  private static final SourcePos AT = new SourcePos("file.yaml", 12, 15);
  private final ExprCompiler compiler = new ExprCompiler(SCOPE);

  private Expression bound(String source, ValueType expected) {
    Expression e = new Expression(source, AT);
    Diagnostics d = new Diagnostics();
    assertTrue(compiler.bind(e, expected, d), () -> report(d));
    assertTrue(d.isEmpty(), () -> report(d));
    return e;
  }

  private String errors(String source, ValueType expected, SourcePos at) {
    Expression e = new Expression(source, at);
    Diagnostics d = new Diagnostics();
    assertFalse(compiler.bind(e, expected, d));
    assertFalse(e.isBound());
    return report(d);
  }

  private String errors(String source, ValueType expected) {
    return errors(source, expected, AT);
  }

  @Test
  void aNumberAnswerComparesWithAWholeNumber() {
    Expression e = bound("answers.age < 18", ValueType.BOOL);
    assertEquals(ValueType.BOOL, e.resultType());
    assertTrue(e.test(bindings(Map.of("age", 12.0), Map.of(), Map.of())));
    assertFalse(e.test(bindings(Map.of("age", 30.0), Map.of(), Map.of())));
    assertTrue(bound("answers.kids < 2.5", ValueType.BOOL).test(bindings(Map.of("kids", 2L), Map.of(), Map.of())));
    assertTrue(bound("answers.age == 12", ValueType.BOOL).test(bindings(Map.of("age", 12.0), Map.of(), Map.of())));
  }

  @Test
  void numbersAndWholeNumbersMixInEqualityAndArithmetic() {
    Bindings b = bindings(Map.of("age", 12.0, "kids", 2L), Map.of("score", 4.5), Map.of());
    assertTrue(bound("answers.age != 13 && 12 == answers.age", ValueType.BOOL).test(b));
    assertEquals(5.5, bound("vars.score + 1", ValueType.NUMBER).eval(b));
    assertEquals(2.25, bound("vars.score / answers.kids", ValueType.NUMBER).eval(b));
    assertEquals(9.0, bound("answers.kids * vars.score", ValueType.NUMBER).eval(b));
    assertEquals(3L, bound("answers.kids + 1", ValueType.INTEGER).eval(b));
  }

  @Test
  void aMisspeltAnswerIsReportedAtTheNameWithASuggestion() {
    assertEquals("file.yaml:12:23: error: unknown answer 'agee'; did you mean 'age'? "
        + "(answers are the names saved by this flow: age, due, kids, likes, trust)",
        errors("answers.agee < 18", ValueType.BOOL));
  }

  @Test
  void misspeltVariablesAndContactFieldsGetTheirOwnWords() {
    assertEquals("file.yaml:12:20: error: unknown variable 'scor'; did you mean 'score'? "
        + "(variables are the names set by this flow's set actions: clinic, score)",
        errors("vars.scor > 2", ValueType.BOOL));
    assertEquals("file.yaml:12:30: error: unknown contact field 'distrct'; did you mean 'district'? "
        + "(contact fields are those in fields.yaml plus phone, language and groups: "
        + "birth, district, groups, language, name, phone)",
        errors("'a' == contact.distrct", ValueType.BOOL));
    assertEquals("file.yaml:12:23: error: unknown session value 'chanel'; the only one is session.channel",
        errors("session.chanel == 'sms'", ValueType.BOOL));
  }

  @Test
  void anUnknownNameSuggestsTheRootItResembles() {
    assertEquals("file.yaml:12:29: error: unknown name 'nwo'; did you mean 'now'? "
        + "(you can use answers.NAME, vars.NAME, contact.NAME, session.channel, now and input)",
        errors("answers.due < nwo", ValueType.BOOL));
    assertTrue(errors("answer.age < 18", ValueType.BOOL).contains("unknown name 'answer'; did you mean 'answers'?"));
  }

  @Test
  void aRootWithoutANameIsExplained() {
    assertEquals("file.yaml:12:15: error: 'answers' needs a name after it, as in answers.NAME",
        errors("answers['age'] < 18", ValueType.BOOL));
  }

  @Test
  void aTypeErrorIsReportedAtItsOperatorInAuthorsWords() {
    assertEquals("file.yaml:12:27: error: '<' cannot be used with number and text",
        errors("answers.age < 'x'", ValueType.BOOL));
    assertEquals("file.yaml:12:27: error: '+' cannot be used with number and yes/no",
        errors("answers.age + answers.likes > 2", ValueType.BOOL));
  }

  @Test
  void aSyntaxErrorIsReportedWhereTheParserStopped() {
    assertEquals("file.yaml:12:28: error: the expression ends too early: something is missing here",
        errors("answers.age <", ValueType.BOOL));
    assertEquals("file.yaml:12:15: error: the expression is empty", errors("  ", ValueType.BOOL));
  }

  @Test
  void errorsOnLaterLinesOfABlockKeepTheBlockIndentation() {
    SourcePos block = new SourcePos("flow.yaml", 5, 7);
    assertEquals("flow.yaml:6:17: error: unknown answer 'trst'; did you mean 'trust'? "
        + "(answers are the names saved by this flow: age, due, kids, likes, trust)",
        errors("answers.age > 1 &&\n  answers.trst == 'x'", ValueType.BOOL, block));
  }

  @Test
  void everyMistakeInOneExpressionIsReported() {
    String r = errors("answers.agee < 1 || vars.scoree > 2", ValueType.BOOL);
    assertEquals(2, r.lines().count(), r);
  }

  @Test
  void aConditionMustBeTrueOrFalse() {
    assertEquals("file.yaml:12:15: error: this condition must be true or false, but it gives a number "
        + "(compare it with something, e.g. answers.age < 18)", errors("answers.age + 1.0", ValueType.BOOL));
    assertEquals("file.yaml:12:15: error: this must give a text, but it gives a number",
        errors("answers.age", ValueType.TEXT));
  }

  @Test
  void integersAndNumbersStandForEachOther() {
    Expression toNumber = bound("answers.kids + 1", ValueType.NUMBER);
    assertEquals(ValueType.NUMBER, toNumber.resultType());
    assertEquals(3.0, toNumber.eval(bindings(Map.of("kids", 2L), Map.of(), Map.of())));
    Expression toInteger = bound("answers.age * 2.0", ValueType.INTEGER);
    assertEquals(7L, toInteger.eval(bindings(Map.of("age", 3.5), Map.of(), Map.of())));
    assertThrows(EvalException.class, () -> toInteger.eval(bindings(Map.of("age", 3.25), Map.of(), Map.of())));
  }

  @Test
  void datesCompareWithNowAndComeBackAsDates() {
    Expression overdue = bound("answers.due < now", ValueType.BOOL);
    assertTrue(overdue.test(bindings(Map.of("due", LocalDate.of(2024, 5, 31)), Map.of(), Map.of())));
    assertFalse(overdue.test(bindings(Map.of("due", LocalDate.of(2024, 6, 2)), Map.of(), Map.of())));
    Expression born = bound("contact.birth < timestamp('2000-01-01T00:00:00Z')", ValueType.BOOL);
    assertTrue(born.test(bindings(Map.of(), Map.of(), Map.of("birth", LocalDate.of(1999, 12, 31)))));
    Expression due = bound("answers.due", ValueType.DATE);
    assertEquals(LocalDate.of(2024, 2, 1), due.eval(bindings(Map.of("due", LocalDate.of(2024, 2, 1)), Map.of(), Map.of())));
    assertEquals(LocalDate.of(2024, 6, 1), bound("now", ValueType.DATE).eval(ExprFixtures.empty()));
  }

  @Test
  void anUnsetAnswerMakesAConditionFalseAndAValueFail() {
    Expression e = bound("answers.age < 18", ValueType.BOOL);
    assertFalse(e.test(ExprFixtures.empty()));
    EvalException ex = assertThrows(EvalException.class, () -> e.eval(ExprFixtures.empty()));
    assertTrue(ex.getMessage().contains("answers.age"), ex.getMessage());
    assertTrue(ex.getMessage().startsWith("file.yaml:12:15"), ex.getMessage());
  }

  @Test
  void aRuntimeErrorIsAnEvalException() {
    Expression e = bound("10 / answers.kids", ValueType.INTEGER);
    assertThrows(EvalException.class, () -> e.eval(bindings(Map.of("kids", 0L), Map.of(), Map.of())));
  }

  @Test
  void listsSessionInputAndUntypedValuesAreReadable() {
    assertTrue(bound("'mothers' in contact.groups", ValueType.BOOL)
        .test(bindings(Map.of(), Map.of(), Map.of("groups", List.of("mothers", "nurses")))));
    assertTrue(bound("session.channel == 'ussd' && input == '1'", ValueType.BOOL).test(ExprFixtures.empty()));
    Expression clinic = bound("vars.clinic.name", ValueType.TEXT);
    assertEquals("Kamuzu", clinic.eval(bindings(Map.of(), Map.of("clinic", Map.of("name", "Kamuzu")), Map.of())));
    Expression band = bound("answers.age < 18 ? 'minor' : 'adult'", ValueType.DYN);
    assertEquals(ValueType.TEXT, band.resultType());
    assertEquals("adult", band.eval(bindings(Map.of("age", 40.0), Map.of(), Map.of())));
    assertEquals(3L, bound("answers.kids", ValueType.INTEGER).eval(bindings(Map.of("kids", 3), Map.of(), Map.of())));
  }

  @Test
  void hasOnAFlowNameIsRejectedWithAReason() {
    assertTrue(errors("has(answers.age)", ValueType.BOOL).contains("has() cannot test answers"));
  }
}
