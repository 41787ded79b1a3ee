package org.kabambe.contact;

/**
 * The line each number was first seen on in one import, to reject a number given twice (maybe in two formats).
 * An open-addressing table of E.164 digits (fit in a long) to line numbers: about 24 bytes a number, so a file of
 * a million contacts is checked without holding its rows.
 */
final class NumberLines {
  private long[] keys = new long[1024];
  private long[] lines = new long[1024];
  private int size;

  /** The line {@code e164} was first seen on, or -1 after recording {@code line} for it. */
  long putIfAbsent(String e164, long line) {
    long key = Long.parseLong(e164.substring(1)) + 1; // +1: 0 marks an empty slot
    if (size * 2 >= keys.length) grow();
    int i = slot(keys, key);
    if (keys[i] == key) return lines[i];
    keys[i] = key;
    lines[i] = line;
    size++;
    return -1;
  }

  private static int slot(long[] keys, long key) {
    int mask = keys.length - 1;
    int i = (int) (mix(key) & mask);
    while (keys[i] != 0 && keys[i] != key) i = (i + 1) & mask;
    return i;
  }

  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    return k ^ (k >>> 33);
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldLines = lines;
    keys = new long[oldKeys.length * 2];
    lines = new long[oldKeys.length * 2];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] == 0) continue;
      int i = slot(keys, oldKeys[j]);
      keys[i] = oldKeys[j];
      lines[i] = oldLines[j];
    }
  }
}
