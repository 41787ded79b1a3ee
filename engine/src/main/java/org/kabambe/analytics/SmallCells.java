package org.kabambe.analytics;

/**
 * Small-cell suppression for a cross-tab: a cell counting 1 to {@code minCell - 1} runs is hidden
 * (primary), and then, so that no hidden cell can be worked out by subtraction from what is shown, complementary
 * suppression until it holds: in a row (whose n is shown), a column, or the column of row bases (n), hidden entries
 * must be none, or at least two adding up to {@code minCell} or more (two hidden 1s in a row of known n would both
 * be 1); else the smallest shown non-zero entry there is hidden too. A row whose n is hidden also gets one of its
 * cells hidden (n is the sum of the cells). Where nothing is left to hide, a row hides its n, and the n column the
 * overall n. A row whose n is hidden shows no percentages (a count and its percentage give n). Zeros are shown:
 * they hide nobody and cannot protect anyone.
 */
public final class SmallCells {
  /** The default minimum cell size. */
  public static final int DEFAULT_MIN = 5;

  private final long[][] counts;
  private final long[] rowN;
  private final boolean[][] hidden;
  private final boolean[] rowNHidden;
  private boolean overallHidden;

  private SmallCells(long[][] counts) {
    this.counts = counts;
    rowN = new long[counts.length];
    hidden = new boolean[counts.length][];
    rowNHidden = new boolean[counts.length];
    for (int r = 0; r < counts.length; r++) {
      hidden[r] = new boolean[counts[r].length];
      for (long c : counts[r]) rowN[r] += c;
    }
  }

  /** Decides which of {@code counts[row][column]} (all rows the same length) and row bases are hidden. */
  public static SmallCells of(long[][] counts, int minCell) {
    var s = new SmallCells(counts);
    s.suppress(minCell);
    return s;
  }

  public boolean hidden(int row, int column) {
    return hidden[row][column];
  }

  public boolean rowNHidden(int row) {
    return rowNHidden[row];
  }

  public boolean overallHidden() {
    return overallHidden;
  }

  /** Whether anything at all is hidden. */
  public boolean any() {
    if (overallHidden) return true;
    for (int r = 0; r < counts.length; r++) {
      if (rowNHidden[r]) return true;
      for (boolean h : hidden[r]) if (h) return true;
    }
    return false;
  }

  private void suppress(int minCell) {
    int columns = counts.length == 0 ? 0 : counts[0].length;
    for (int r = 0; r < counts.length; r++) {
      for (int c = 0; c < columns; c++) hidden[r][c] = counts[r][c] > 0 && counts[r][c] < minCell;
      rowNHidden[r] = rowN[r] > 0 && rowN[r] < minCell;
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int r = 0; r < counts.length; r++) {
        if (rowNHidden[r] || !exposed(hiddenInRow(r), hiddenSumInRow(r), minCell)) continue;
        int c = smallestShownInRow(r);
        if (c >= 0) hidden[r][c] = true;
        else rowNHidden[r] = true;
        changed = true;
      }
      for (int c = 0; c < columns; c++) {
        if (!exposed(hiddenInColumn(c), hiddenSumInColumn(c), minCell)) continue;
        int r = smallestShownInColumn(c);
        if (r < 0) continue; // no column totals are published: what is left hidden there cannot be derived
        hidden[r][c] = true;
        changed = true;
      }
      if (!overallHidden && exposed(hiddenRowNs(), hiddenRowNSum(), minCell)) {
        int r = smallestShownRowN();
        if (r < 0) {
          overallHidden = true;
        } else {
          rowNHidden[r] = true;
        }
        changed = true;
      }
      for (int r = 0; r < counts.length; r++) {
        if (!rowNHidden[r] || hiddenInRow(r) > 0) continue;
        int c = smallestShownInRow(r); // a row's n is the sum of its cells: one of them must be hidden as well
        if (c >= 0) {
          hidden[r][c] = true;
          changed = true;
        }
      }
    }
  }

  /** Whether the hidden entries of a line whose total is known could be worked out: one alone, or a small sum. */
  private static boolean exposed(int hiddenCount, long hiddenSum, int minCell) {
    return hiddenCount == 1 || (hiddenCount > 1 && hiddenSum < minCell);
  }

  private long hiddenSumInRow(int r) {
    long n = 0;
    for (int c = 0; c < counts[r].length; c++) if (hidden[r][c]) n += counts[r][c];
    return n;
  }

  private long hiddenSumInColumn(int c) {
    long n = 0;
    for (int r = 0; r < counts.length; r++) if (hidden[r][c]) n += counts[r][c];
    return n;
  }

  private long hiddenRowNSum() {
    long n = 0;
    for (int r = 0; r < rowN.length; r++) if (rowNHidden[r]) n += rowN[r];
    return n;
  }

  private int hiddenInRow(int r) {
    int n = 0;
    for (boolean h : hidden[r]) if (h) n++;
    return n;
  }

  private int hiddenInColumn(int c) {
    int n = 0;
    for (boolean[] row : hidden) if (row[c]) n++;
    return n;
  }

  private int hiddenRowNs() {
    int n = 0;
    for (boolean h : rowNHidden) if (h) n++;
    return n;
  }

  private int smallestShownInRow(int r) {
    int best = -1;
    for (int c = 0; c < counts[r].length; c++) {
      if (!hidden[r][c] && counts[r][c] > 0 && (best < 0 || counts[r][c] < counts[r][best])) best = c;
    }
    return best;
  }

  private int smallestShownInColumn(int c) {
    int best = -1;
    for (int r = 0; r < counts.length; r++) {
      if (!hidden[r][c] && counts[r][c] > 0 && (best < 0 || counts[r][c] < counts[best][c])) best = r;
    }
    return best;
  }

  private int smallestShownRowN() {
    int best = -1;
    for (int r = 0; r < rowN.length; r++) {
      if (!rowNHidden[r] && rowN[r] > 0 && (best < 0 || rowN[r] < rowN[best])) best = r;
    }
    return best;
  }
}
