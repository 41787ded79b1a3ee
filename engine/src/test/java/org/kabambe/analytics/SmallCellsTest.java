package org.kabambe.analytics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmallCellsTest {
  @Test
  void aLoneSmallCellTakesTheSmallestOtherCellOfItsRowAndColumnWithIt() {
    SmallCells s = SmallCells.of(new long[][] {{20, 3, 9}, {15, 8, 30}}, 5);
    assertTrue(s.hidden(0, 1), "3 is small");
    assertTrue(s.hidden(0, 2), "9 is the smallest other cell of the row");
    assertTrue(s.hidden(1, 1), "8: the 3's column would otherwise hold it alone");
    assertTrue(s.hidden(1, 2) || s.hidden(1, 0), "and then row 2 needs a second hidden cell");
    assertFalse(s.overallHidden());
  }

  @Test
  void twoHiddenOnesInARowOfKnownNAreNotEnough() {
    SmallCells s = SmallCells.of(new long[][] {{1, 1, 12}}, 5);
    assertTrue(s.hidden(0, 0) && s.hidden(0, 1));
    assertTrue(s.hidden(0, 2) || s.rowNHidden(0), "n - 12 = 2 would make both 1: " + describe(s, 1, 3));
  }

  @Test
  void aSmallRowHidesItsNAndAnotherRowsN() {
    SmallCells s = SmallCells.of(new long[][] {{3, 0}, {10, 12}, {20, 9}}, 5);
    assertTrue(s.rowNHidden(0), "n = 3");
    assertTrue(s.rowNHidden(2) || s.rowNHidden(1) || s.overallHidden(), "else overall n minus the others is 3");
  }

  /** Random tables: no line whose total is shown has a hidden part that follows from what is shown. */
  @Test
  void noRandomTableLeavesAHiddenCellDerivable() {
    var random = new Random(15);
    long[] sizes = {0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 40};
    for (int t = 0; t < 2_000; t++) {
      int rows = 1 + random.nextInt(4);
      int columns = 1 + random.nextInt(4);
      long[][] counts = new long[rows][columns];
      for (long[] row : counts) for (int c = 0; c < columns; c++) row[c] = sizes[random.nextInt(sizes.length)];
      SmallCells s = SmallCells.of(counts, 5);
      String table = Arrays.deepToString(counts) + " " + describe(s, rows, columns);
      long hiddenNs = 0;
      long hiddenNSum = 0;
      for (int r = 0; r < rows; r++) {
        int hidden = 0;
        long sum = 0;
        long n = 0;
        for (int c = 0; c < columns; c++) {
          n += counts[r][c];
          boolean small = counts[r][c] > 0 && counts[r][c] < 5;
          assertTrue(!small || s.hidden(r, c), "a small cell is shown: " + table);
          assertFalse(counts[r][c] == 0 && s.hidden(r, c), "a zero is hidden: " + table);
          if (s.hidden(r, c)) {
            hidden++;
            sum += counts[r][c];
          }
        }
        if (s.rowNHidden(r)) {
          hiddenNs++;
          hiddenNSum += n;
          assertTrue(hidden > 0, "a hidden n is the sum of the row's shown cells: " + table);
        } else {
          assertFalse(n > 0 && n < 5, "a small n is shown: " + table);
          assertTrue(hidden == 0 || (hidden > 1 && sum >= 5), "row " + r + " gives its hidden cells away: " + table);
        }
      }
      if (!s.overallHidden()) {
        assertTrue(hiddenNs == 0 || (hiddenNs > 1 && hiddenNSum >= 5), "the hidden n follow: " + table);
      }
    }
  }

  private static String describe(SmallCells s, int rows, int columns) {
    var sb = new StringBuilder("hidden:");
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) if (s.hidden(r, c)) sb.append(" (").append(r).append(',').append(c).append(')');
      if (s.rowNHidden(r)) sb.append(" n").append(r);
    }
    return sb.append(s.overallHidden() ? " overall" : "").toString();
  }
}
