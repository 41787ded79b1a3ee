package org.kabambe.flow;

/** What a re-dial within the resume window does: offer "Continue / Start again", continue, or start over. */
public enum ResumeMode {
  ASK, AUTO, NEVER
}
